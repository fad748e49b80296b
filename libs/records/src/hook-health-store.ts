import { HOOK_STATUSES, type HookHealth } from '@auto-promote/domain';
import { redisKeys, type RedisClient } from '@auto-promote/redis';

/**
 * The health of auto-promote's GitLab hook as the reconciler last saw it, in Redis (one JSON value), so
 * `doctor`, the board, `explain` and every replica's metrics read the same answer. Null before the first look.
 */
export class HookHealthStore {
  private readonly key: string;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.key = redisKeys(prefix).hookHealth;
  }

  async get(): Promise<HookHealth | null> {
    const raw = await this.redis.get(this.key);
    if (raw === null) return null;
    try {
      const parsed = JSON.parse(raw) as HookHealth;
      return HOOK_STATUSES.includes(parsed.status) ? parsed : null;
    } catch {
      return null;
    }
  }

  async set(health: HookHealth): Promise<void> {
    await this.redis.set(this.key, JSON.stringify(health));
  }
}
