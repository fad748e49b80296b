import { redisKeys, type RedisKeys, type RedisClient } from '@auto-promote/redis';

/** Consecutive failed Jenkins calls, across all dispatchers, that open the circuit (the dispatcher's default). */
export const JENKINS_CIRCUIT_THRESHOLD = 3;

/** The gate around Jenkins as it stands now, for an operator: the circuit and the trigger window. */
export interface JenkinsGateState {
  /** Consecutive failed calls to Jenkins, shared by every dispatcher. */
  failures: number;
  open: boolean;
  /** While open: how long until the next probe may go (ms); 0 when one may go now. */
  nextProbeInMs: number;
  /** Triggers in the sliding window of the last second. */
  triggersLastSecond: number;
}

/**
 * Reads the state the dispatchers' `JenkinsCircuit` keeps in Redis, without changing it: what `explain`
 * reports as "the circuit is open" or "the trigger rate is reached".
 */
export class JenkinsGateView {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    private readonly threshold = JENKINS_CIRCUIT_THRESHOLD,
  ) {
    this.keys = redisKeys(prefix);
  }

  async state(nowMs: number): Promise<JenkinsGateState> {
    const [failures, probeTtl, triggers] = await Promise.all([
      this.redis.get(this.keys.jenkinsFailures),
      this.redis.pttl(this.keys.jenkinsProbe),
      this.redis.zcount(this.keys.jenkinsTriggerWindow, `(${nowMs - 1000}`, '+inf'),
    ]);
    const count = Number(failures ?? 0);
    return {
      failures: count,
      open: count >= this.threshold,
      nextProbeInMs: Math.max(0, probeTtl),
      triggersLastSecond: triggers,
    };
  }
}
