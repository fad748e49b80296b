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
      `Redis at ${redisUrlForDisplay(config.redis.url)} is unreachable (${(error as Error).message}): start Redis or fix REDIS_URL`,
    );
  } finally {
    clearTimeout(timer);
  }
}
