import type { RedisClient } from '@auto-promote/redis';
import { inspectRedis, type Logger, type RedisHealth } from '@auto-promote/observability';

/** Redis would evict keys under memory pressure: queued events and records could vanish silently. */
export class RedisPolicyError extends Error {
  constructor(policy: string) {
    super(
      `Redis maxmemory-policy is '${policy}': under memory pressure Redis would evict queued events. ` +
        'Set maxmemory-policy noeviction (or REDIS_ALLOW_EVICTION=true to accept the risk).',
    );
    this.name = 'RedisPolicyError';
  }
}

/**
 * Checks at start-up the Redis settings queues depend on: refuses an evicting Redis (unless allowed)
 * and warns without AOF persistence.
 */
export async function checkRedis(
  redis: RedisClient,
  logger: Logger,
  options: { allowEviction?: boolean } = {},
): Promise<RedisHealth | null> {
  let health: RedisHealth;
  try {
    health = await inspectRedis(redis);
  } catch (error) {
    logger.warn({ error: (error as Error).message }, 'could not inspect Redis at start-up; continuing');
    return null;
  }
  if (health.maxmemoryPolicy && health.maxmemoryPolicy !== 'noeviction') {
    if (!options.allowEviction) throw new RedisPolicyError(health.maxmemoryPolicy);
    logger.warn(
      { maxmemoryPolicy: health.maxmemoryPolicy },
      'Redis may evict keys (REDIS_ALLOW_EVICTION=true)',
    );
  }
  if (health.appendonly === false) {
    logger.warn(
      'Redis runs without AOF persistence: events accepted just before a Redis restart can be lost',
    );
  }
  return health;
}
