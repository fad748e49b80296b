import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promotionId } from '@auto-promote/domain';
import { startRedisCluster, type RedisClusterSetup } from '../../support/redis-cluster';
import { uniquePrefix } from '../../support/redis';
import { countBuilds, startStack, type Stack } from '../../support/stack';

/**
 * A master failover of the Redis Cluster while a backlog of pushes is being planned and dispatched: the
 * replica of the master holding the prefix's slot takes over (CLUSTER FAILOVER), every connection follows
 * it, and no promotion is lost or triggered twice.
 */
let cluster: RedisClusterSetup;
let stack: Stack | undefined;
const prefix = `{${uniquePrefix('cluster-failover')}}`;
const APPS = Array.from({ length: 12 }, (_, i) => `app${i}`);

beforeAll(async () => {
  cluster = await startRedisCluster();
  stack = await startStack({
    name: 'cluster-failover',
    env: {
      ...cluster.env,
      QUEUE_PREFIX: prefix,
      // A backlog that lasts past the failover: a few triggers a second, builds that take a while.
      JENKINS_MAX_TRIGGERS_PER_SECOND: '4',
    },
    apps: Object.fromEntries(APPS.map((app) => [app, '1.0.0'])),
    job: { buildDurationMs: 300 },
  });
}, 60_000);

afterAll(async () => {
  await stack?.stop().catch(() => undefined);
  await cluster?.stop();
});

describe('Redis Cluster: a master failover', () => {
  it('loses and doubles nothing of a backlog of pushes', async () => {
    const s = stack!;
    const ids: string[] = [];
    // One push per app: each one promotion to stage, none superseding another.
    for (const app of APPS.slice(0, 9)) {
      const sha = await s.commitApps('dev', { [app]: '2.0.0' });
      ids.push(promotionId({ app, sourceEnv: 'dev', targetEnv: 'stage', sha }));
    }
    const before = await Promise.all(ids.map((id) => s.promotions.get(id)));
    const unfinished = before.filter((r) => r?.status !== 'succeeded').length;

    const { from, to } = await cluster.failover(prefix);
    expect(to).not.toBe(from);
    expect(await cluster.masterOf(prefix)).toBe(to);

    // Pushes after the failover reach the new master through the same connections.
    for (const app of APPS.slice(9)) {
      const sha = await s.commitApps('dev', { [app]: '2.0.0' });
      ids.push(promotionId({ app, sourceEnv: 'dev', targetEnv: 'stage', sha }));
    }

    const records = await s.settled(ids, 60_000);
    // The failover happened with work still in flight, or it proved nothing.
    expect(unfinished).toBeGreaterThan(0);
    expect(records.map((r) => [r.app, r.status])).toEqual(APPS.map((app) => [app, 'succeeded']));
    const builds = countBuilds(s.jenkins);
    expect(Object.fromEntries(builds)).toEqual(Object.fromEntries(APPS.map((app) => [app, 1])));
    // Exactly one trigger request per promotion reached Jenkins (a repeated one could merge into one build).
    const triggers = s.jenkins.triggers.map((t) => t.params['PROMOTION_ID']);
    expect(triggers.sort()).toEqual([...ids].sort());
  }, 120_000);
});
