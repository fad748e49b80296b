import { Cluster, type Redis } from 'ioredis';

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

async function inspectNode(redis: Redis): Promise<RedisHealth> {
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

/**
 * Reads the Redis settings queues depend on; CONFIG may be disabled on managed Redis, so INFO is used.
 * The service checks them at start-up, `auto-promote doctor` reports them. On Redis Cluster INFO answers for
 * one node only, so every master is asked and the worst answer wins: one evicting master (or one without
 * AOF) is enough to lose what it holds after a failover moves the slot there.
 */
export async function inspectRedis(redis: Redis | Cluster): Promise<RedisHealth> {
  if (!(redis instanceof Cluster)) return inspectNode(redis);
  // The node list is known once the cluster answered (the first command waits for the slots).
  await redis.ping();
  const masters = await Promise.all(redis.nodes('master').map(inspectNode));
  if (masters.length === 0) throw new Error('no Redis Cluster master known');
  const evicting = masters.find((m) => m.maxmemoryPolicy !== null && m.maxmemoryPolicy !== 'noeviction');
  const versions = masters.map((m) => m.version).filter((v): v is string => v !== null);
  return {
    version: versions.sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))[0] ?? null,
    maxmemoryPolicy: (evicting ?? masters[0])?.maxmemoryPolicy ?? null,
    appendonly: masters.some((m) => m.appendonly === false)
      ? false
      : masters.every((m) => m.appendonly === true)
        ? true
        : null,
  };
}
