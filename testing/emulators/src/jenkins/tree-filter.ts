/** A parsed `?tree=` expression: which properties to keep, each with its own sub-tree and range. */
export interface Tree {
  fields: Map<string, TreeField>;
}

interface TreeField {
  sub: Tree | undefined;
  range: { from: number; to: number } | undefined;
}

export class TreeSyntaxError extends Error {}

/** Parses Jenkins' tree syntax: `a,b[c,d[e]]{0,10}` (ranges as in Stapler: from inclusive, to exclusive). */
export function parseTree(spec: string): Tree {
  let pos = 0;
  const parseList = (): Tree => {
    const fields = new Map<string, TreeField>();
    for (;;) {
      const start = pos;
      while (pos < spec.length && !',[]{}'.includes(spec.charAt(pos))) pos += 1;
      const name = spec.slice(start, pos).trim();
      if (!name) throw new TreeSyntaxError(`Malformed tree expression: ${spec}`);
      let sub: Tree | undefined;
      let range: TreeField['range'];
      if (spec.charAt(pos) === '[') {
        pos += 1;
        sub = parseList();
        if (spec.charAt(pos) !== ']') throw new TreeSyntaxError(`Malformed tree expression: ${spec}`);
        pos += 1;
      }
      if (spec.charAt(pos) === '{') {
        const close = spec.indexOf('}', pos);
        if (close < 0) throw new TreeSyntaxError(`Malformed tree expression: ${spec}`);
        range = parseRange(spec.slice(pos + 1, close));
        pos = close + 1;
      }
      fields.set(name, { sub, range });
      if (spec.charAt(pos) !== ',') return { fields };
      pos += 1;
    }
  };
  const tree = parseList();
  if (pos !== spec.length) throw new TreeSyntaxError(`Malformed tree expression: ${spec}`);
  return tree;
}

function parseRange(text: string): { from: number; to: number } {
  const parts = text.split(',').map((p) => p.trim());
  const num = (p: string | undefined, fallback: number): number => {
    if (p === undefined || p === '') return fallback;
    if (!/^\d+$/.test(p)) throw new TreeSyntaxError(`Malformed range: {${text}}`);
    return Number(p);
  };
  if (parts.length === 1) {
    const at = num(parts[0], 0);
    return { from: at, to: at + 1 };
  }
  return { from: num(parts[0], 0), to: num(parts[1], Number.MAX_SAFE_INTEGER) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keeps only the requested properties; `_class` always survives, as in Jenkins' exporter. */
export function applyTree(value: unknown, tree: Tree | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => applyTree(v, tree));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  if ('_class' in value) out['_class'] = value['_class'];
  if (tree === undefined) return out;
  for (const [key, v] of Object.entries(value)) {
    const field = tree.fields.get(key);
    if (!field || key === '_class') continue;
    const ranged = Array.isArray(v) && field.range ? v.slice(field.range.from, field.range.to) : v;
    out[key] = applyTree(ranged, field.sub);
  }
  return out;
}
