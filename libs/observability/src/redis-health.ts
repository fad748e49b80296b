import type { Redis } from 'ioredis';

/** The Redis settings queues depend on, as INFO reports them (null: not reported). */
export interface RedisHealth {
  version: string | null;
  maxmemoryPolicy: string | null;
  appendonly: boolean | null;
}

function infoField(info: string, field: string): string | null {
  const match = new RegExp(`^${field}:(.*)$`, 'm').exec(info);
  return match ? (match[1] ?? '').trim() : null;
}

/**
 * Reads the Redis settings queues depend on; CONFIG may be disabled on managed Redis, so INFO is used.
 * The service checks them at start-up, `auto-promote doctor` reports them.
 */
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
