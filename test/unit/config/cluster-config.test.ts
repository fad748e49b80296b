import { describe, expect, it } from 'vitest';
import { loadConfig } from '@auto-promote/config';
import { REQUIRED, problemsOf } from './support/config-env';

describe('REDIS_CLUSTER_NODES', () => {
  it('parses the seed nodes next to a hash-tagged prefix', () => {
    const config = loadConfig({
      env: {
        ...REQUIRED,
        REDIS_CLUSTER_NODES: 'redis-0:7000, redis-1:7001',
        QUEUE_PREFIX: '{auto-promote}',
        REDIS_URL: 'rediss://:pw@ignored:6379',
      },
    });
    expect(config.redis.cluster).toEqual({
      nodes: [
        { host: 'redis-0', port: 7000 },
        { host: 'redis-1', port: 7001 },
      ],
    });
    expect(config.redis.sentinel).toBeNull();
    expect(config.redis.prefix).toBe('{auto-promote}');
  });

  it.each(['auto-promote', 'auto-{}promote', 'x}{y'])('refuses the prefix %s, saying why', (prefix) => {
    const problems = problemsOf({ ...REQUIRED, REDIS_CLUSTER_NODES: 'redis-0:7000', QUEUE_PREFIX: prefix });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^QUEUE_PREFIX: must be a hash tag such as \{auto-promote\}/);
    expect(problems[0]).toContain('one slot');
  });

  it('refuses the default prefix on a cluster', () => {
    expect(problemsOf({ ...REQUIRED, REDIS_CLUSTER_NODES: 'redis-0:7000' })[0]).toMatch(/^QUEUE_PREFIX:/);
  });

  it('refuses Sentinel and Cluster together', () => {
    const problems = problemsOf({
      ...REQUIRED,
      REDIS_CLUSTER_NODES: 'redis-0:7000',
      REDIS_SENTINELS: 'sentinel-0:26379',
      QUEUE_PREFIX: '{auto-promote}',
    });
    expect(problems).toEqual([expect.stringMatching(/^REDIS_CLUSTER_NODES \/ REDIS_SENTINELS: set one/)]);
  });

  it('refuses a malformed node list', () => {
    const problems = problemsOf({ ...REQUIRED, REDIS_CLUSTER_NODES: 'redis-0', QUEUE_PREFIX: '{ap}' });
    expect(problems).toEqual(['REDIS_CLUSTER_NODES: must be a comma-separated list of host:port']);
  });

  it('leaves a single-node Redis alone: no cluster, any prefix', () => {
    expect(loadConfig({ env: { ...REQUIRED, QUEUE_PREFIX: 'plain' } }).redis.cluster).toBeNull();
  });
});
