import { SCRIPTS, redisKeys, type RedisKeys, type RedisClient } from '@auto-promote/redis';

/**
 * Per source branch, the head up to which every push has been planned without a gap: where the
 * reconciler continues from. It moves only along the chain of pushes (before = planned head), so a
 * push that was never delivered leaves it behind and the reconciler plans the gap.
 */
export class PlannedHeads {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.keys = redisKeys(prefix);
  }

  get(branch: string): Promise<string | null> {
    return this.redis.get(this.keys.plannedHead(branch));
  }

  /** Records that `before..after` was planned; moves the head only if it continues the chain. */
  async advance(branch: string, before: string, after: string): Promise<boolean> {
    // The head moves to `after` only if it is unset or still the push's `before`.
    const set = await SCRIPTS.compareAndSet.run(
      this.redis,
      [this.keys.plannedHead(branch)],
      [before, after, '1'],
    );
    return set === 1;
  }

  /** The reconciler's first look: remember the head without planning anything. */
  async setIfAbsent(branch: string, sha: string): Promise<boolean> {
    return (await this.redis.set(this.keys.plannedHead(branch), sha, 'NX')) === 'OK';
  }
}
