import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisCluster, type RedisClusterSetup } from '../../support/redis-cluster';
import { uniquePrefix } from '../../support/redis';
import { openEventStream } from '../../support/sse';
import { adminHeaders, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

/**
 * The board's live updates on Redis Cluster: the subscriber is a Cluster client, and a change published by a
 * Lua script on the master of the prefix's slot reaches it whichever node it subscribed on.
 */
let cluster: RedisClusterSetup;
let stack: Stack | undefined;

beforeAll(async () => {
  cluster = await startRedisCluster();
  stack = await startStack({
    name: 'cluster-board',
    env: { ...cluster.env, QUEUE_PREFIX: `{${uniquePrefix('cluster-board')}}` },
  });
}, 60_000);

afterAll(async () => {
  await stack?.stop().catch(() => undefined);
  await cluster?.stop();
});

describe('board live updates over Redis Cluster', () => {
  it('announces a promotion planned on the cluster', async () => {
    const stream = await openEventStream(`${stack!.url}/api/events`, adminHeaders());
    try {
      expect(stream.status).toBe(200);
      await waitFor('the ready event', () => stream.events.some((e) => e.includes('event: ready')));
      await stack!.commitApps('dev', { exampleApp: '13.0.1' });
      await waitFor(
        'a promotion change on the stream',
        () => stream.events.some((e) => e.includes('event: change') && e.includes('promotion')),
        { timeoutMs: 5_000 },
      );
    } finally {
      stream.close();
    }
  });

  it('keeps announcing after the master of the prefix fails over', async () => {
    const stream = await openEventStream(`${stack!.url}/api/events`, adminHeaders());
    try {
      await waitFor('the ready event', () => stream.events.some((e) => e.includes('event: ready')));
      await cluster.failover(stack!.prefix);
      const seen = stream.events.length;
      await stack!.commitApps('dev', { exampleApp: '13.0.2' });
      await waitFor(
        'a promotion change on the stream after the failover',
        () => stream.events.slice(seen).some((e) => e.includes('event: change') && e.includes('promotion')),
        { timeoutMs: 10_000 },
      );
    } finally {
      stream.close();
    }
  });
});
