import type { RedisClient } from '@auto-promote/redis';
import type { Config } from '@auto-promote/config';
import { OperationError } from './errors/operation-error';

/** REDIS_URL without its password, for messages. */
export function redisUrlForDisplay(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'REDIS_URL';
  }
}

/** Where the connections go, for messages: the cluster's seed nodes, the sentinels, or REDIS_URL without its password. */
export function redisAddressForDisplay(redis: Pick<Config['redis'], 'url' | 'sentinel' | 'cluster'>): string {
  const list = (nodes: Array<{ host: string; port: number }>) =>
    nodes.map((n) => `${n.host}:${n.port}`).join(',');
  if (redis.cluster) return `Redis Cluster ${list(redis.cluster.nodes)}`;
  if (redis.sentinel) return `sentinels ${list(redis.sentinel.sentinels)} (${redis.sentinel.name})`;
  return redisUrlForDisplay(redis.url);
}

/**
 * The connection an operator command was given (made by the composition root, Sentinel- and Cluster-aware like the
 * service's) once it is ready, or an OperationError when Redis does not answer within `timeoutMs` (default
 * 3 s): a CLI must not hang on a Redis that is away. A connection that does not answer is dropped.
 */
export async function whenRedisReady(
  redis: RedisClient,
  config: Pick<Config, 'redis'>,
  timeoutMs = 3_000,
): Promise<RedisClient> {
  if (redis.status === 'ready') return redis;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      new Promise<void>((resolve) => redis.once('ready', () => resolve())),
      // A refused connection is not worth waiting for: the service retries, an operator's command reports.
      new Promise<never>((_, reject) => redis.once('error', reject)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return redis;
  } catch (error) {
    redis.disconnect();
    throw new OperationError(
      `Redis at ${redisAddressForDisplay(config.redis)} is unreachable (${(error as Error).message}): start Redis or fix ${config.redis.cluster ? 'REDIS_CLUSTER_NODES' : 'REDIS_URL'}`,
    );
  } finally {
    clearTimeout(timer);
  }
}
