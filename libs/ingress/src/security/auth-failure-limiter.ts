const WINDOW_MS = 60_000;
/** Bounds memory under a flood from many addresses: the oldest entries are forgotten first. */
const MAX_TRACKED = 10_000;

/**
 * Counts failed webhook authentications per source address in a fixed one-minute window; past the
 * limit the address is refused (429) until the window ends. Kept in process memory: each replica
 * limits on its own, which is enough to make guessing the secret impractical.
 */
export class AuthFailureLimiter {
  private readonly windows = new Map<string, { start: number; failures: number }>();

  constructor(
    private readonly limitPerMinute: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Milliseconds until the address may try again, or 0 when it is not blocked. */
  retryAfterMs(address: string): number {
    if (this.limitPerMinute <= 0) return 0;
    const window = this.windows.get(address);
    if (!window) return 0;
    const elapsed = this.clock() - window.start;
    if (elapsed >= WINDOW_MS) {
      this.windows.delete(address);
      return 0;
    }
    return window.failures >= this.limitPerMinute ? WINDOW_MS - elapsed : 0;
  }

  recordFailure(address: string): void {
    if (this.limitPerMinute <= 0) return;
    const now = this.clock();
    const window = this.windows.get(address);
    if (!window || now - window.start >= WINDOW_MS) {
      this.windows.delete(address);
      if (this.windows.size >= MAX_TRACKED) {
        const oldest = this.windows.keys().next().value;
        if (oldest !== undefined) this.windows.delete(oldest);
      }
      this.windows.set(address, { start: now, failures: 1 });
      return;
    }
    window.failures += 1;
  }

  get tracked(): number {
    return this.windows.size;
  }
}
