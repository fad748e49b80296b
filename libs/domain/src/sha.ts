const SHA_RE = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const ZERO_RE = /^0+$/;

/**
 * True for GitLab's "no commit" marker: all zeros. Tested with /^0+$/ rather than a fixed length so that
 * SHA-1 (40) and SHA-256 (64) repositories both work.
 */
export function isZeroSha(s: string): boolean {
  return ZERO_RE.test(s);
}

/** True for a full commit sha: 40 (SHA-1) or 64 (SHA-256) lowercase hex characters. */
export function isSha(s: string): boolean {
  return SHA_RE.test(s);
}

/** The first 8 characters of a sha, for logs and commit-status descriptions. */
export function shortSha(s: string): string {
  return s.slice(0, 8);
}
