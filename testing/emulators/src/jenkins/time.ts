/** Thrown for a `delay` Jenkins' TimeDuration cannot parse. */
export class DelayError extends Error {}

/**
 * Jenkins' TimeDuration.fromString: a bare number is milliseconds, a `sec`/`secs` suffix means seconds.
 * The queue only keeps whole seconds (getTimeInSeconds), so the result is floored to a second.
 */
export function parseDelayMs(raw: string): number {
  let text = raw.trim();
  let multiplier = 1;
  if (text.endsWith('sec') || text.endsWith('secs')) {
    text = text.slice(0, text.lastIndexOf('sec')).trim();
    multiplier = 1000;
  }
  if (!/^-?\d+$/.test(text)) throw new DelayError(`Invalid time duration value: ${text}`);
  const ms = Number(text) * multiplier;
  return Math.max(0, Math.floor(ms / 1000) * 1000);
}

/** A short human duration in the style of Jenkins' Util.getTimeSpanString. */
export function formatTimeSpan(ms: number): string {
  const value = Math.max(0, ms);
  if (value < 1000) return `${Math.round(value)} ms`;
  if (value < 10_000) return `${(value / 1000).toFixed(1)} sec`;
  if (value < 60_000) return `${Math.floor(value / 1000)} sec`;
  const minutes = Math.floor(value / 60_000);
  const seconds = Math.floor((value % 60_000) / 1000);
  return seconds > 0 ? `${minutes} min ${seconds} sec` : `${minutes} min`;
}
