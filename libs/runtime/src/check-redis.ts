import type { Redis } from 'ioredis';
import type { Logger } from '@auto-promote/observability';

export interface RedisHealth {
  version: string | null;
  maxmemoryPolicy: string | null;
  appendonly: boolean | null;
}

function infoField(info: string, field: string): string | null {
  const match = new RegExp(`^${field}:(.*)$`, 'm').exec(info);
  return match ? (match[1] ?? '').trim() : null;
}

/** Reads the Redis settings queues depend on; CONFIG may be disabled on managed Redis, so INFO is used. */
export async function inspectRedis(redis: Redis): Promise<RedisHealth> {
  const [server, memory, persistence] = await Promise.all([
    redis.info('server'),
    redis.info('memory'),
    redis.info('persistence'),
  ]);
  const aof = infoField(persistence, 'aof_enabled');
  return {
    version: infoField(server, 'redis_version'),
    maxmemoryPolicy: infoField(memory, 'maxmemory_policy'),
    appendonly: aof === null ? null : aof === '1',
  };
}

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
  redis: Redis,
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
