import { scanKeys, type RedisClient } from '@auto-promote/redis';

export interface PrefixMemory {
  keys: number;
  bytes: number;
  /** Bytes by key kind: the key without its prefix, ids replaced by `*` (e.g. `promotion:*`). */
  byKind: Record<string, number>;
}

/** Segments after the prefix that are fixed names; anything else is an id. */
const FIXED = new Set([
  'wait',
  'active',
  'paused',
  'completed',
  'failed',
  'delayed',
  'prioritized',
  'waiting-children',
  'meta',
  'events',
  'id',
  'stalled',
  'stalled-check',
  'limiter',
  'marker',
  'pc',
  'metrics',
  'de',
  'repeat',
  'idx',
  'all',
  'seq',
  'app',
  'target',
  'status',
  'push-events',
  'promotions',
  'builds',
  'reconcile',
  'feedback',
  'event',
  'events',
  'event-accepted',
  'promotion',
  'latest',
  'push-order',
  'planned-head',
  'jenkins',
  'failures',
  'env',
  'env-head',
  'freeze',
  'freezes',
]);

function kind(key: string, prefix: string): string {
  return key
    .slice(prefix.length + 1)
    .split(':')
    .map((part) => (FIXED.has(part) ? part : '*'))
    .join(':');
}

/** Every key under `prefix:` with its MEMORY USAGE (exact, SAMPLES 0), summed and by kind. */
export async function prefixMemory(redis: RedisClient, prefix: string): Promise<PrefixMemory> {
  const result: PrefixMemory = { keys: 0, bytes: 0, byKind: {} };
  for await (const keys of scanKeys(redis, `${prefix}:*`)) {
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.memory('USAGE', key, 'SAMPLES', 0);
    const sizes = (await pipeline.exec()) ?? [];
    keys.forEach((key, i) => {
      const bytes = Number(sizes[i]?.[1] ?? 0);
      result.keys += 1;
      result.bytes += bytes;
      const k = kind(key, prefix);
      result.byKind[k] = (result.byKind[k] ?? 0) + bytes;
    });
  }
  return result;
}

/** Bytes of the kinds matching `test`. */
export function bytesOf(memory: PrefixMemory, test: (kind: string) => boolean): number {
  return Object.entries(memory.byKind)
    .filter(([k]) => test(k))
    .reduce((sum, [, bytes]) => sum + bytes, 0);
}
