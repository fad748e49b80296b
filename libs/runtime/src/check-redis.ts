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

/** Warns at start-up about Redis settings that can lose jobs. */
export async function checkRedis(redis: Redis, logger: Logger): Promise<RedisHealth | null> {
  try {
    const health = await inspectRedis(redis);
    if (health.maxmemoryPolicy && health.maxmemoryPolicy !== 'noeviction') {
      logger.warn(
        { maxmemoryPolicy: health.maxmemoryPolicy },
        'Redis maxmemory-policy is not noeviction: under memory pressure Redis may evict queued events',
      );
    }
    if (health.appendonly === false) {
      logger.warn(
        'Redis runs without AOF persistence: events accepted just before a Redis restart can be lost',
      );
    }
    return health;
  } catch (error) {
    logger.warn({ error: (error as Error).message }, 'could not inspect Redis at start-up; continuing');
    return null;
  }
}
