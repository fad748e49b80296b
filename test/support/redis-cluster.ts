import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from '@auto-promote/sandbox';
import { waitFor } from './wait-for';

const run = promisify(execFile);

/** One redis-server of the cluster. */
export interface ClusterNode {
  port: number;
  process: ChildProcess;
}

/** A real Redis Cluster on loopback: 3 masters, each with one replica. */
export interface RedisClusterSetup {
  nodes: ClusterNode[];
  /** `127.0.0.1:P1,…` for REDIS_CLUSTER_NODES. */
  seeds: string;
  /** The configuration that reaches Redis only as a Cluster (REDIS_URL points nowhere). */
  env: Record<string, string>;
  /** A direct connection to one node (closed by the caller). */
  node(port: number): Redis;
  /** The ports of the masters that hold slots now. */
  masters(): Promise<number[]>;
  /** The port of the master that holds `key`'s slot now (as the node on `view` sees it). */
  masterOf(key: string, view?: number): Promise<number>;
  /**
   * A coordinated failover (CLUSTER FAILOVER on a replica of the master holding `key`'s slot): the replica
   * catches up, then takes over. Resolves with the old and new master's ports once every node agrees.
   */
  failover(key: string): Promise<{ from: number; to: number }>;
  stop(): Promise<void>;
}

const quietly = (redis: Redis): Redis => {
  redis.on('error', () => undefined);
  return redis;
};

const direct = (port: number): Redis =>
  quietly(new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1, retryStrategy: () => null }));

async function ask<T>(port: number, call: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = direct(port);
  try {
    return await call(redis);
  } finally {
    redis.disconnect();
  }
}

/** `CLUSTER SHARDS`-free view of the topology: [master port, replica ports] of each shard, and slot ranges. */
interface Shard {
  master: number;
  replicas: number[];
  slots: Array<[number, number]>;
}

async function shards(port: number): Promise<Shard[]> {
  const text = await ask(port, (r) => r.call('CLUSTER', 'NODES') as Promise<string>);
  const lines = text
    .trim()
    .split('\n')
    .map((l) => l.split(' '));
  const portOf = (addr: string): number => Number(addr.split('@')[0]?.split(':')[1]);
  return lines
    .filter((f) => (f[2] ?? '').includes('master') && !(f[2] ?? '').includes('fail'))
    .map((f) => ({
      master: portOf(f[1] ?? ''),
      replicas: lines.filter((r) => r[3] === f[0]).map((r) => portOf(r[1] ?? '')),
      slots: f.slice(8).map((range) => {
        const [a = '0', b = a] = range.split('-');
        return [Number(a), Number(b)] as [number, number];
      }),
    }));
}

/**
 * Starts 6 redis-server processes with cluster mode on free loopback ports in a temporary directory
 * (no persistence), joins them with `redis-cli --cluster create … --cluster-replicas 1`, and waits until
 * every node reports `cluster_state:ok`.
 */
export async function startRedisCluster(): Promise<RedisClusterSetup> {
  const dir = mkdtempSync(join(tmpdir(), 'ap-cluster-'));
  const nodes: ClusterNode[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(
      nodes.map(
        ({ process: child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < 6; i += 1) {
      const port = await freePort();
      const nodeDir = join(dir, String(port));
      mkdirSync(nodeDir);
      const child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          join(nodeDir, 'nodes.conf'),
          '--cluster-node-timeout',
          '2000',
          '--dir',
          nodeDir,
          '--save',
          '',
          '--appendonly',
          'no',
        ],
        { stdio: 'ignore' },
      );
      nodes.push({ port, process: child });
    }
    for (const { port } of nodes)
      await waitFor(`redis-server on ${port}`, () => ask(port, async (r) => (await r.ping()) === 'PONG'));
    const addresses = nodes.map(({ port }) => `127.0.0.1:${port}`);
    await run(
      'redis-cli',
      ['--cluster', 'create', ...addresses, '--cluster-replicas', '1', '--cluster-yes'],
      { timeout: 30_000 },
    );
    await waitForConsistentCluster(nodes);
  } catch (error) {
    await stop();
    throw error;
  }
  const seeds = nodes
    .slice(0, 3)
    .map(({ port }) => `127.0.0.1:${port}`)
    .join(',');
  const first = nodes[0]?.port ?? 0;
  /** The master of `key`'s slot as the node on `view` sees it. */
  const masterOf = async (key: string, view = first): Promise<number> => {
    const slot = await ask(view, (r) => r.call('CLUSTER', 'KEYSLOT', key) as Promise<number>);
    const shard = (await shards(view)).find((s) => s.slots.some(([a, b]) => slot >= a && slot <= b));
    if (!shard) throw new Error(`no master holds slot ${slot}`);
    return shard.master;
  };
  return {
    nodes,
    seeds,
    env: { REDIS_URL: 'redis://127.0.0.1:9', REDIS_CLUSTER_NODES: seeds },
    node: (port) => direct(port),
    masters: async () => (await shards(first)).filter((s) => s.slots.length > 0).map((s) => s.master),
    masterOf,
    failover: async (key) => {
      const from = await masterOf(key);
      const shard = (await shards(from)).find((s) => s.master === from);
      const to = shard?.replicas[0];
      if (to === undefined) throw new Error(`master ${from} has no replica`);
      await ask(to, (r) => r.call('CLUSTER', 'FAILOVER'));
      await waitFor(
        `replica ${to} to take over from ${from}`,
        async () => {
          for (const { port } of nodes) if ((await masterOf(key, port).catch(() => -1)) !== to) return false;
          return ask(from, async (r) => ((await r.call('ROLE')) as [string])[0] === 'slave');
        },
        { timeoutMs: 20_000 },
      );
      await waitForConsistentCluster(nodes);
      return { from, to };
    },
    stop,
  };
}

/** Every node reports `cluster_state:ok` and the same number of masters holding slots (3). */
async function waitForConsistentCluster(nodes: ClusterNode[]): Promise<void> {
  await waitFor(
    'cluster_state:ok on every node',
    async () => {
      for (const { port } of nodes) {
        const info = await ask(port, (r) => r.call('CLUSTER', 'INFO') as Promise<string>);
        if (!info.includes('cluster_state:ok')) return false;
        if ((await shards(port)).filter((s) => s.slots.length > 0).length !== 3) return false;
      }
      return true;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
}
