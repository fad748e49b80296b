import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

/**
 * A connection of the service: a single-node client (direct or through Sentinel), or a Redis Cluster client.
 * Both run the same commands; every key of the service shares one hash slot (the `{…}` prefix), so
 * multi-key commands, transactions and Lua scripts work on either.
 */
export type RedisClient = Redis | Cluster;

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

/** Redis Cluster: the seed nodes; the client learns the others (and every failover) from them. */
export interface ClusterTopology {
  nodes: Array<{ host: string; port: number }>;
}

/** Where the connections go: REDIS_URL alone, or with Sentinel or Cluster (credentials and TLS from the URL). */
export interface RedisTopology {
  sentinel?: SentinelTopology | null;
  cluster?: ClusterTopology | null;
}

/** User, password, db and TLS of a URL, for connections whose addresses come from elsewhere. */
function urlCredentials(url: string): Pick<RedisOptions, 'username' | 'password' | 'db'> & { tls: boolean } {
  const parsed = new URL(url);
  return {
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    db: Number(parsed.pathname.replace('/', '') || 0),
    tls: parsed.protocol === 'rediss:',
  };
}

export function createRedisConnection(
  url: string,
  role: ConnectionRole,
  name?: string,
  topology?: RedisTopology | SentinelTopology | null,
): RedisClient {
  const options: RedisOptions = {
    ...ROLE_OPTIONS[role],
    retryStrategy,
    connectionName: name ? `auto-promote:${name}` : undefined,
    lazyConnect: false,
  };
  const { sentinel, cluster } = normalise(topology);
  if (cluster) return createClusterConnection(url, role, options, cluster);
  if (!sentinel) return new Redis(url, options);
  const { tls, ...credentials } = urlCredentials(url);
  return new Redis({
    ...options,
    sentinels: sentinel.sentinels,
    name: sentinel.name,
    ...credentials,
    ...(tls ? { tls: {}, enableTLSForSentinelMode: true } : {}),
    // Sentinels failing over are retried like the master itself.
    sentinelRetryStrategy: retryStrategy,
  });
}

/** Accepts the older `SentinelTopology` argument as well as `{ sentinel, cluster }`. */
function normalise(topology: RedisTopology | SentinelTopology | null | undefined): RedisTopology {
  if (!topology) return {};
  if ('sentinels' in topology) return { sentinel: topology };
  return topology;
}

/**
 * A Redis Cluster client: the role's options apply to every node connection, the offline queue and the
 * reconnect backoff to the cluster as a whole. Cluster has one database: a db in the URL is ignored.
 */
function createClusterConnection(
  url: string,
  role: ConnectionRole,
  options: RedisOptions,
  cluster: ClusterTopology,
): Cluster {
  const { username, password, tls } = urlCredentials(url);
  const clusterOptions: ClusterOptions = {
    clusterRetryStrategy: retryStrategy,
    enableOfflineQueue: options.enableOfflineQueue ?? true,
    enableReadyCheck: true,
    lazyConnect: options.lazyConnect,
    // A failover moves slots: commands wait for the new master instead of failing at once (not the webhook
    // path, which has no offline queue and answers 503).
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
    retryDelayOnTryAgain: 200,
    maxRedirections: role === 'producer' ? 4 : 32,
    redisOptions: {
      maxRetriesPerRequest: options.maxRetriesPerRequest,
      connectTimeout: options.connectTimeout,
      connectionName: options.connectionName,
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
      ...(tls ? { tls: {} } : {}),
    },
  };
  return new Cluster(cluster.nodes, clusterOptions);
}
