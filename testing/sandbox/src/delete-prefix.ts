import { scanKeys, type RedisClient } from '@auto-promote/redis';

/**
 * Deletes every key under a QUEUE_PREFIX: what a sandbox, a test or a benchmark leaves behind. On a Redis
 * Cluster every master is scanned; the keys of a hash-tagged prefix share one slot, so one DEL takes a batch.
 */
export async function deletePrefix(redis: RedisClient, prefix: string): Promise<void> {
  for await (const keys of scanKeys(redis, `${prefix}:*`)) await redis.del(...keys);
}
