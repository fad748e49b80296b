/**
 * A hook URL in a form two spellings of the same endpoint share: scheme and host lower-cased, the default
 * port dropped (WHATWG URL does both), no trailing slash, no fragment. Null when it is not an http(s) URL.
 */
export function normalizeHookUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const path = parsed.pathname.replace(/\/+$/, '');
  return `${parsed.protocol}//${parsed.host}${path}${parsed.search}`;
}

/** True when a hook URL points at an auto-promote ingress (its path ends with /webhooks/gitlab). */
export function isIngressHookUrl(url: string): boolean {
  const normalized = normalizeHookUrl(url);
  return normalized !== null && new URL(normalized).pathname.endsWith('/webhooks/gitlab');
}

/**
 * The hooks that are auto-promote's, lowest id first: those at `url` (normalised, as `setup webhook` matches
 * them), or, without a URL, every hook pointing at an ingress's /webhooks/gitlab.
 */
export function autoPromoteHooks<H extends { id: number; url: string }>(
  hooks: readonly H[],
  url: string | null,
): H[] {
  const wanted = url === null ? null : normalizeHookUrl(url);
  return hooks
    .filter((h) => (wanted === null ? isIngressHookUrl(h.url) : normalizeHookUrl(h.url) === wanted))
    .sort((a, b) => a.id - b.id);
}
