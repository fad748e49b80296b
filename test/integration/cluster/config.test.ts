import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@auto-promote/config';
import { createInfrastructure, startService } from '@auto-promote/runtime';
import { createLogger } from '@auto-promote/observability';
import { startRedisCluster, type RedisClusterSetup } from '../../support/redis-cluster';
import { uniquePrefix } from '../../support/redis';
import { emulatorEnv } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

/** The configuration of a service on a real Redis Cluster: a prefix without a hash tag is refused. */
let cluster: RedisClusterSetup;

beforeAll(async () => {
  cluster = await startRedisCluster();
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

const env = (extra: Record<string, string>): Record<string, string> => ({
  ...emulatorEnv('http://127.0.0.1:9', 'http://127.0.0.1:9'),
  ...cluster.env,
  LOG_LEVEL: 'silent',
  ...extra,
});

describe('Redis Cluster configuration', () => {
  it('refuses to start with a QUEUE_PREFIX that is not hash-tagged, naming the key and why', () => {
    const refused = (() => {
      try {
        loadConfig({ env: env({ QUEUE_PREFIX: uniquePrefix('cluster-config') }) });
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(refused).toBeInstanceOf(ConfigError);
    const message = (refused as ConfigError).message;
    expect(message).toContain(
      'QUEUE_PREFIX: must be a hash tag such as {auto-promote} with REDIS_CLUSTER_NODES',
    );
    expect(message).toContain('one slot');
  });

  it('refuses REDIS_CLUSTER_NODES together with REDIS_SENTINELS', () => {
    expect(() =>
      loadConfig({ env: env({ QUEUE_PREFIX: '{ap}', REDIS_SENTINELS: '127.0.0.1:26379' }) }),
    ).toThrow(/REDIS_CLUSTER_NODES \/ REDIS_SENTINELS: set one or neither/);
  });

  it('starts with a hash-tagged prefix: every connection is a Cluster client', async () => {
    const config = loadConfig({
      env: env({ QUEUE_PREFIX: `{${uniquePrefix('cluster-config')}}`, PORT: '0', HOST: '127.0.0.1' }),
    });
    const infra = createInfrastructure(config, { logger: createLogger({ level: 'silent' }) });
    try {
      expect(infra.redis).toBeInstanceOf(Cluster);
      expect(infra.connect('worker', 'probe')).toBeInstanceOf(Cluster);
      expect(await infra.redis.ping()).toBe('PONG');
    } finally {
      await infra.close();
    }
    const service = await startService(config, {
      roles: ['ingress'],
      logger: createLogger({ level: 'silent' }),
    });
    try {
      // Ready once the cluster client knows the slots (a Cluster connects in a few round trips).
      await waitFor('/readyz to answer 200', async () => (await fetch(`${service.url ?? ''}/readyz`)).ok, {
        timeoutMs: 5_000,
      });
    } finally {
      await service.close(5_000);
    }
  });

  it('asks every master for its Redis settings: one evicting master refuses the start', async () => {
    const config = loadConfig({
      env: env({ QUEUE_PREFIX: `{${uniquePrefix('cluster-config')}}`, PORT: '0', HOST: '127.0.0.1' }),
    });
    // A master that does not hold the prefix's slot: only a check of every master sees it.
    const holder = await cluster.masterOf(config.redis.prefix);
    const other = (await cluster.masters()).find((port) => port !== holder);
    expect(other).toBeDefined();
    const node = cluster.node(other ?? 0);
    try {
      await node.config('SET', 'maxmemory-policy', 'allkeys-lru');
      await expect(
        startService(config, { roles: ['ingress'], logger: createLogger({ level: 'silent' }) }),
      ).rejects.toThrow(/maxmemory-policy is 'allkeys-lru'/);
    } finally {
      await node.config('SET', 'maxmemory-policy', 'noeviction');
      node.disconnect();
    }
  });
});
