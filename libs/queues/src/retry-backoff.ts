/**
 * Exponential backoff with full jitter, capped: attempt 1 waits ~base, then doubles, never above `maxMs`.
 * The cap is what lets work resume within about a minute of a dependency coming back.
 */
export function cappedBackoff(
  attemptsMade: number,
  baseMs: number,
  maxMs: number,
  random = Math.random,
): number {
  const exponential = baseMs * 2 ** Math.max(0, Math.min(attemptsMade - 1, 30));
  const capped = Math.min(exponential, maxMs);
  // Half fixed, half random: spreads retries of many jobs without ever waiting near zero.
  return Math.round(capped / 2 + random() * (capped / 2));
}

/** Name of the custom backoff strategy registered on every worker. */
export const CAPPED_BACKOFF = 'capped-exponential';

/** Worker `settings` that give every job with `backoff: { type: CAPPED_BACKOFF }` the capped backoff. */
export function cappedBackoffSettings(maxDelayMs: number, baseMs = 1_000) {
  return {
    backoffStrategy: (attemptsMade: number, type?: string): number =>
      type === CAPPED_BACKOFF ? cappedBackoff(attemptsMade, baseMs, maxDelayMs) : baseMs,
  };
}
