import { Cluster } from 'ioredis';
import keySlot from 'cluster-key-slot';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { promotionId } from '@auto-promote/domain';
import { LuaScript } from '@auto-promote/redis';
import { startRedisCluster, type RedisClusterSetup } from '../../support/redis-cluster';
import { uniquePrefix } from '../../support/redis';
import { countBuilds, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';
import { cli, stackEnv } from '../operations/support/cli';

/** The whole pipeline on a real 3-master Redis Cluster: every connection of the service is a Cluster client. */
let cluster: RedisClusterSetup;
let stack: Stack | undefined;
const prefix = `{${uniquePrefix('cluster-pipeline')}}`;
let scripts: MockInstance<LuaScript['run']> | undefined;

beforeAll(async () => {
  cluster = await startRedisCluster();
  // Every script the service runs, with the keys it was given (the spy calls through): checked below.
  scripts = vi.spyOn(LuaScript.prototype, 'run');
  stack = await startStack({ name: 'cluster-pipeline', env: { ...cluster.env, QUEUE_PREFIX: prefix } });
}, 60_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await stack?.stop().catch(() => undefined);
  await cluster?.stop();
});

describe('Redis Cluster: the pipeline', () => {
  it('promotes a push to dev into stage, exactly once', async () => {
    const s = stack!;
    expect(s.redis).toBeInstanceOf(Cluster);
    const sha = await s.commitApps('dev', { exampleApp: '13.0.0' });
    const id = promotionId({ app: 'exampleApp', sourceEnv: 'dev', targetEnv: 'stage', sha });
    const [record] = await s.settled([id], 20_000);
    expect(record?.status).toBe('succeeded');
    expect(countBuilds(s.jenkins).get('exampleApp')).toBe(1);
    expect(s.jenkins.builds('promote-environment')[0]?.params['TARGET_ENV']).toBe('stage');
  });

  it('keeps every key in the one slot of the prefix, on the master that holds it', async () => {
    const slot = keySlot(prefix);
    const scriptKeys = (scripts?.mock.calls ?? []).map(([, keys]) => keys);
    expect(scriptKeys.length).toBeGreaterThan(0);
    for (const keys of scriptKeys) for (const key of keys) expect([key, keySlot(key)]).toEqual([key, slot]);
    // The records and BullMQ's keys are all on the master of the prefix's slot.
    const master = cluster.node(await cluster.masterOf(prefix));
    try {
      const keys = await waitFor('the keys on the master', async () => {
        const [, found] = await master.scan('0', 'MATCH', `${prefix}:*`, 'COUNT', 10_000);
        return found.length > 0 ? found : undefined;
      });
      expect(keys.some((k) => k.startsWith(`${prefix}:promotion:`))).toBe(true);
      expect(keys.some((k) => k.startsWith(`${prefix}:promotions:`))).toBe(true);
      expect(new Set(keys.map((k) => keySlot(k)))).toEqual(new Set([slot]));
    } finally {
      master.disconnect();
    }
  });

  it('answers /readyz and reads its Redis settings from every master', async () => {
    const s = stack!;
    const ready = await fetch(`${s.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(s.logs.text).not.toContain('could not inspect Redis');
    expect(s.logs.text).toContain('without AOF persistence');
  });

  it('serves the operator CLI over the cluster: reads, and writes that reach the service', async () => {
    const s = stack!;
    const env = stackEnv(s, cluster.env);
    const list = await cli(['promotions', '--target', 'stage'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/exampleApp\s+dev→stage\s+13\.0\.0\s+succeeded/);
    const frozen = await cli(['freeze', '--target', 'prod', '--reason', 'cluster check', '--json'], env);
    expect(frozen.code).toBe(0);
    expect((await s.infra.freezes.get('prod'))?.reason).toBe('cluster check');
    expect((await cli(['unfreeze', '--target', 'prod'], env)).code).toBe(0);
    const doctor = await cli(['doctor', '--json'], env);
    type Check = { group: string; name: string; status: string; detail: string };
    const checks = doctor.json<{ checks: Check[] }>().checks;
    const reachable = checks.find((c) => c.group === 'Redis' && c.name === 'reachable');
    expect(reachable).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining(`at Redis Cluster ${cluster.seeds}`),
    });
    // Asked of every master: none of this cluster's masters writes an AOF.
    expect(checks.find((c) => c.group === 'Redis' && c.name === 'AOF persistence')?.status).toBe('warn');
  });
});
