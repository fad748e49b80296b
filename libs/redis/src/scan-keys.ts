import { Cluster } from 'ioredis';
import type { Redis } from 'ioredis';
import type { RedisClient } from './redis-connection';

/**
 * The nodes that hold keys: the connection itself, or every master of a Redis Cluster. SCAN, KEYS, INFO and
 * DBSIZE answer for one node only, so on a Cluster they must go to each master.
 */
export async function dataNodes(redis: RedisClient): Promise<Redis[]> {
  if (!(redis instanceof Cluster)) return [redis];
  // The node list is known once the cluster answered (the first command waits for the slot map).
  await redis.ping();
  return redis.nodes('master');
}

/** Every key matching `pattern`, in batches, across every master on a Cluster (SCAN, never KEYS). */
export async function* scanKeys(redis: RedisClient, pattern: string, count = 1000): AsyncGenerator<string[]> {
  for (const node of await dataNodes(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', count);
      cursor = next;
      if (keys.length > 0) yield keys;
    } while (cursor !== '0');
  }
}
