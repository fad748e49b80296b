import type { Redis } from 'ioredis';
import type { Logger } from '@auto-promote/observability';

export interface JenkinsCircuitOptions {
  /** First pause after a failure; doubles per consecutive failure. */
  baseDelayMs?: number;
  /** Longest pause between two probes (RETRY_MAX_DELAY_MS): work resumes within it of Jenkins coming back. */
  maxDelayMs: number;
}

/**
 * Circuit breaker around Jenkins, shared by every dispatcher through Redis. A failed call opens it
 * and returns how long all dispatching pauses (BullMQ's global rate limit does the pausing); every
 * further failure doubles the pause up to the cap; the first success closes it.
 */
export class JenkinsCircuit {
  private readonly baseDelayMs: number;
  private openHere = false;

  private readonly probeKey: string;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly logger: Logger,
    private readonly options: JenkinsCircuitOptions,
  ) {
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.probeKey = `${key}:probe`;
  }

  /**
   * May a call to Jenkins go now? Always while the circuit is closed; while it is open, only one
   * caller at a time across all dispatchers (the probe) — the others wait `waitMs` and ask again.
   */
  async admit(): Promise<{ ok: true } | { ok: false; waitMs: number }> {
    if ((await this.redis.exists(this.key)) === 0) return { ok: true };
    if ((await this.redis.set(this.probeKey, '1', 'PX', this.options.maxDelayMs, 'NX')) === 'OK')
      return { ok: true };
    const ttl = await this.redis.pttl(this.probeKey);
    return { ok: false, waitMs: Math.max(ttl, this.baseDelayMs / 4) };
  }

  /** Records a failure; returns the pause before the next probe. */
  async failure(reason: string): Promise<number> {
    const failures = await this.redis.incr(this.key);
    // The state expires on its own so a dead dispatcher cannot leave the circuit open for ever.
    await this.redis.pexpire(this.key, this.options.maxDelayMs * 4);
    const delay = Math.min(this.baseDelayMs * 2 ** Math.min(failures - 1, 30), this.options.maxDelayMs);
    // The next probe may go once this pause is over.
    await this.redis.set(this.probeKey, '1', 'PX', delay);
    if (failures === 1)
      this.logger.warn({ reason, pauseMs: delay }, 'Jenkins unavailable: circuit open, dispatching paused');
    else
      this.logger.info({ reason, failures, pauseMs: delay }, 'Jenkins still unavailable: next probe later');
    this.openHere = true;
    return delay;
  }

  async success(): Promise<void> {
    if (!this.openHere) return;
    this.openHere = false;
    if ((await this.redis.del(this.key)) > 0)
      this.logger.info('Jenkins answers again: circuit closed, dispatching resumes');
  }

  /** Open as any dispatcher sees it. */
  async isOpen(): Promise<boolean> {
    return (await this.redis.exists(this.key)) === 1;
  }
}
