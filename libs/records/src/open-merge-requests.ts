import { redisKeys, type RedisClient, type RedisKeys } from '@auto-promote/redis';

/**
 * The promotions whose merge request into a target is recorded open, per target (a sorted set scored by
 * when the merge request was opened). A push to the target and the reconciler refresh these, not every
 * promotion; a newer promotion finds here the older open ones it may supersede. The record stays the
 * truth: an entry is added before the record says `opened` and removed after it says otherwise, so an
 * entry without an open merge request on its record is only dropped at the next refresh.
 */
export class OpenMergeRequests {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    private readonly retentionSeconds: number,
  ) {
    this.keys = redisKeys(prefix);
  }

  async add(targetEnv: string, promotionId: string, openedAtMs: number): Promise<void> {
    const key = this.keys.openMergeRequests(targetEnv);
    await this.redis.multi().zadd(key, openedAtMs, promotionId).expire(key, this.retentionSeconds).exec();
  }

  async remove(targetEnv: string, promotionId: string): Promise<void> {
    await this.redis.zrem(this.keys.openMergeRequests(targetEnv), promotionId);
  }

  /** The ids recorded open into `targetEnv`, oldest first, at most `limit`. */
  async list(targetEnv: string, limit: number): Promise<string[]> {
    return this.redis.zrange(this.keys.openMergeRequests(targetEnv), 0, String(Math.max(0, limit - 1)));
  }
}
