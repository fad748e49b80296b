import type { Redis } from 'ioredis';
import type { Logger } from '@auto-promote/observability';

export interface JenkinsCircuitOptions {
  /** Consecutive failures (across all dispatchers) that open the circuit; fewer are retried one by one. */
  threshold?: number;
  /** First pause once open; doubles per further consecutive failure. */
  baseDelayMs?: number;
  /** Longest pause between two probes (RETRY_MAX_DELAY_MS): work resumes within it of Jenkins coming back. */
  maxDelayMs: number;
}

/**
 * Circuit breaker around Jenkins, shared by every dispatcher through Redis. `threshold` consecutive
 * failed calls open it: all dispatching then pauses (BullMQ's global rate limit does the pausing) and
 * one probe at a time tries again, the pause doubling per failed probe up to the cap; the first
 * success closes it. Isolated failures (a flaky Jenkins) are retried one by one, without a pause.
 */
export class JenkinsCircuit {
  private readonly baseDelayMs: number;
  private readonly threshold: number;
  private failedHere = false;

  private readonly probeKey: string;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly logger: Logger,
    private readonly options: JenkinsCircuitOptions,
  ) {
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.threshold = Math.max(1, options.threshold ?? 3);
    this.probeKey = `${key}:probe`;
  }

  /**
   * May a call to Jenkins go now? Always while the circuit is closed; while it is open, only one
   * caller at a time across all dispatchers (the probe) — the others wait `waitMs` and ask again.
   * They ask again at least every `baseDelayMs`: a probe in flight holds its key for up to
   * `maxDelayMs`, and waiting that long would leave the queue paused well after the probe succeeded.
   */
  async admit(): Promise<{ ok: true } | { ok: false; waitMs: number }> {
    if (!(await this.isOpen())) return { ok: true };
    if ((await this.redis.set(this.probeKey, '1', 'PX', this.options.maxDelayMs, 'NX')) === 'OK')
      return { ok: true };
    const ttl = await this.redis.pttl(this.probeKey);
    return { ok: false, waitMs: Math.min(Math.max(ttl, this.baseDelayMs / 4), this.baseDelayMs) };
  }

  /** Records a failure; returns the pause before the next probe once the circuit is open, else null. */
  async failure(reason: string): Promise<number | null> {
    const failures = await this.redis.incr(this.key);
    // The state expires on its own so a dead dispatcher cannot leave the circuit open for ever.
    await this.redis.pexpire(this.key, this.options.maxDelayMs * 4);
    this.failedHere = true;
    if (failures < this.threshold) return null;
    const opened = failures - this.threshold;
    const delay = Math.min(this.baseDelayMs * 2 ** Math.min(opened, 30), this.options.maxDelayMs);
    // The next probe may go once this pause is over.
    await this.redis.set(this.probeKey, '1', 'PX', delay);
    if (opened === 0) {
      this.logger.warn({ reason, pauseMs: delay }, 'Jenkins unavailable: circuit open, dispatching paused');
    } else {
      this.logger.info({ reason, failures, pauseMs: delay }, 'Jenkins still unavailable: next probe later');
    }
    return delay;
  }

  async success(): Promise<void> {
    if (!this.failedHere) return;
    this.failedHere = false;
    const failures = Number((await this.redis.get(this.key)) ?? 0);
    await this.redis.del(this.key, this.probeKey);
    if (failures >= this.threshold)
      this.logger.info('Jenkins answers again: circuit closed, dispatching resumes');
  }

  /** Open as any dispatcher sees it. */
  async isOpen(): Promise<boolean> {
    return Number((await this.redis.get(this.key)) ?? 0) >= this.threshold;
  }
}
