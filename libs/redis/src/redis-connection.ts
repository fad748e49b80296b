import { Redis, type RedisOptions } from 'ioredis';

/**
 * How a connection is used decides how it behaves when Redis is away:
 * - `worker`: BullMQ workers block on Redis and must retry forever (maxRetriesPerRequest: null).
 * - `producer`: the webhook path must fail fast so GitLab sees a 503 instead of a hung request,
 *   so there is no offline queue and no per-command retry.
 * - `client`: records and queries from the API: a short retry, then an error.
 */
export type ConnectionRole = 'worker' | 'producer' | 'client';

const ROLE_OPTIONS: Record<ConnectionRole, RedisOptions> = {
  worker: { maxRetriesPerRequest: null, enableReadyCheck: true },
  producer: { maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 2_000 },
  client: { maxRetriesPerRequest: 2, connectTimeout: 5_000 },
};

/** Reconnects with a capped backoff so a Redis restart is survived without a process restart. */
const retryStrategy = (times: number): number => Math.min(100 * 2 ** Math.min(times, 10), 2_000);

/** Redis Sentinel: the master is found through these sentinels; credentials and db still come from the URL. */
export interface SentinelTopology {
  sentinels: Array<{ host: string; port: number }>;
  /** The monitored master's name (`sentinel monitor <name> …`). */
  name: string;
}

export function createRedisConnection(
  url: string,
  role: ConnectionRole,
  name?: string,
  sentinel?: SentinelTopology | null,
): Redis {
  const options: RedisOptions = {
    ...ROLE_OPTIONS[role],
    retryStrategy,
    connectionName: name ? `auto-promote:${name}` : undefined,
    lazyConnect: false,
  };
  if (!sentinel) return new Redis(url, options);
  const parsed = new URL(url);
  const db = Number(parsed.pathname.replace('/', '') || 0);
  return new Redis({
    ...options,
    sentinels: sentinel.sentinels,
    name: sentinel.name,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {}, enableTLSForSentinelMode: true } : {}),
    db,
    // Sentinels failing over are retried like the master itself.
    sentinelRetryStrategy: retryStrategy,
  });
}
