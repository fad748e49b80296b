import type { Logger } from '@auto-promote/observability';
import { SCRIPTS, redisKeys, type RedisKeys, type RedisClient } from '@auto-promote/redis';
import { JENKINS_CIRCUIT_THRESHOLD } from '@auto-promote/records';

export interface JenkinsCircuitOptions {
  /** Consecutive failures (across all dispatchers) that open the circuit; fewer are retried one by one. Default 3. */
  threshold?: number;
  /** First pause once open; doubles per further consecutive failure. Default 1 s. */
  baseDelayMs?: number;
  /** Longest pause between two probes (RETRY_MAX_DELAY_MS): work resumes within it of Jenkins coming back. */
  maxDelayMs: number;
  /** Triggers per second across all dispatchers (JENKINS_MAX_TRIGGERS_PER_SECOND), a sliding window; 0 = unlimited. */
  maxTriggersPerSecond: number;
}

export type Admission = { go: true } | { go: false; why: 'circuit-open' | 'rate-limit'; waitMs: number };

/**
 * The gate every trigger passes, shared by all dispatchers through Redis and held nowhere else: a circuit
 * breaker around Jenkins and the trigger rate limit. `threshold` consecutive failed calls open the circuit;
 * while open, one probe at a time goes, the pause doubling per failed probe up to the cap. A successful call
 * — by any process, also one started after the failures — closes it and hands back the promotions parked by
 * failed calls, so the backlog is released at once. Isolated failures are retried one by one.
 */
export class JenkinsCircuit {
  private readonly keys: RedisKeys;
  private readonly threshold: number;
  private readonly baseDelayMs: number;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    private readonly logger: Logger,
    private readonly options: JenkinsCircuitOptions,
  ) {
    this.keys = redisKeys(prefix);
    this.threshold = Math.max(1, options.threshold ?? JENKINS_CIRCUIT_THRESHOLD);
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
  }

  /** The longest the queue pauses before asking the gate again (the first pause). */
  get recheckMs(): number {
    return this.baseDelayMs;
  }

  /** May a trigger for `promotionId` go now? One round trip for the circuit and the rate limit. */
  async admit(promotionId: string, now = Date.now()): Promise<Admission> {
    const [code, waitMs] = (await SCRIPTS.triggerGate.run(
      this.redis,
      [this.keys.jenkinsFailures, this.keys.jenkinsProbe, this.keys.jenkinsTriggerWindow],
      [
        this.threshold,
        this.options.maxDelayMs,
        now,
        this.options.maxTriggersPerSecond,
        this.baseDelayMs,
        promotionId,
      ],
    )) as [number, number];
    if (code === 0) return { go: true };
    return { go: false, why: code === 1 ? 'circuit-open' : 'rate-limit', waitMs };
  }

  /** Records a failed call; the pause before the next probe once the circuit is open, else null. */
  async failure(reason: string): Promise<number | null> {
    const [failures, pause] = (await SCRIPTS.circuitFailure.run(
      this.redis,
      [this.keys.jenkinsFailures, this.keys.jenkinsProbe],
      [this.threshold, this.baseDelayMs, this.options.maxDelayMs],
    )) as [number, number];
    if (pause < 0) return null;
    if (failures === this.threshold)
      this.logger.warn({ reason, pauseMs: pause }, 'Jenkins unavailable: circuit open, dispatching paused');
    else
      this.logger.info({ reason, failures, pauseMs: pause }, 'Jenkins still unavailable: next probe later');
    return pause;
  }

  /** Parks a promotion whose call failed on its own, to be released as soon as any call succeeds. */
  async park(promotionId: string): Promise<void> {
    await this.redis
      .multi()
      .sadd(this.keys.jenkinsParked, promotionId)
      .pexpire(this.keys.jenkinsParked, this.options.maxDelayMs * 4)
      .exec();
  }

  /**
   * A call succeeded: closes the circuit whoever opened it. Returns the promotions parked by failed calls
   * (to release now) and whether the circuit had been open (then the paused queue resumes too).
   */
  async success(): Promise<{ wasOpen: boolean; parked: string[] }> {
    const [failures, ...parked] = (await SCRIPTS.circuitClose.run(
      this.redis,
      [this.keys.jenkinsFailures, this.keys.jenkinsProbe, this.keys.jenkinsParked],
      [],
    )) as [number, ...string[]];
    const wasOpen = failures >= this.threshold;
    if (wasOpen)
      this.logger.info(
        { released: parked.length },
        'Jenkins answers again: circuit closed, dispatching resumes',
      );
    return { wasOpen, parked };
  }

  /** Open as any dispatcher sees it. */
  async isOpen(): Promise<boolean> {
    return Number((await this.redis.get(this.keys.jenkinsFailures)) ?? 0) >= this.threshold;
  }
}
