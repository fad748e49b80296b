/** The four fields that identify one promotion. */
export interface PromotionIdentity {
  app: string;
  sourceEnv: string;
  targetEnv: string;
  sha: string;
}

const SEPARATOR = '~';
const ESCAPE = '_';
const PLAIN_RE = /[A-Za-z0-9.-]/;

/**
 * Escapes one part so the id stays URL-path-safe and splittable: letters, digits, `.` and `-` are kept,
 * `_` becomes `__`, other ASCII `_hh`, other UTF-16 code units `_uhhhh` (lowercase hex). Per code unit, so
 * even malformed strings round-trip.
 */
function escapePart(part: string): string {
  let out = '';
  for (let i = 0; i < part.length; i++) {
    const ch = part[i] as string;
    const code = part.charCodeAt(i);
    if (PLAIN_RE.test(ch)) out += ch;
    else if (ch === ESCAPE) out += ESCAPE + ESCAPE;
    else if (code < 0x80) out += ESCAPE + code.toString(16).padStart(2, '0');
    else out += `${ESCAPE}u${code.toString(16).padStart(4, '0')}`;
  }
  return out;
}

/** Inverse of `escapePart`; null when `part` is not in canonical escaped form. */
function unescapePart(part: string): string | null {
  let out = '';
  for (let i = 0; i < part.length;) {
    const ch = part[i] as string;
    if (ch !== ESCAPE) {
      if (!PLAIN_RE.test(ch)) return null;
      out += ch;
      i += 1;
      continue;
    }
    const next = part[i + 1];
    if (next === ESCAPE) {
      out += ESCAPE;
      i += 2;
      continue;
    }
    const unicode = next === 'u';
    const hex = unicode ? part.slice(i + 2, i + 6) : part.slice(i + 1, i + 3);
    if (!(unicode ? /^[0-9a-f]{4}$/ : /^[0-9a-f]{2}$/).test(hex)) return null;
    const code = parseInt(hex, 16);
    const decoded = String.fromCharCode(code);
    // Reject non-canonical forms so that every promotion has exactly one id.
    if (unicode ? code < 0x80 : code >= 0x80 || PLAIN_RE.test(decoded) || decoded === ESCAPE) return null;
    out += decoded;
    i += unicode ? 6 : 3;
  }
  return out;
}

/**
 * The id of a promotion: `<app>~<source>~<target>~<sha>` with each part escaped (`env/dev` → `env_2fdev`).
 * Deterministic and injective; only `[A-Za-z0-9._~-]`, so never `:` (a valid BullMQ job id), never all digits,
 * and safe in a URL path. Keeps the full sha.
 */
export function promotionId(p: PromotionIdentity): string {
  return [p.app, p.sourceEnv, p.targetEnv, p.sha].map(escapePart).join(SEPARATOR);
}

/** The fields of a promotion id, or null when `id` was not made by `promotionId`. */
export function parsePromotionId(id: string): PromotionIdentity | null {
  const parts = id.split(SEPARATOR);
  if (parts.length !== 4) return null;
  const [app, sourceEnv, targetEnv, sha] = parts.map(unescapePart);
  if (app == null || sourceEnv == null || targetEnv == null || sha == null) return null;
  return { app, sourceEnv, targetEnv, sha };
}
