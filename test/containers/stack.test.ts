import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { log, run, waitFor } from './support/exec';
import { ROLES, Stack, type Promotion } from './support/stack';

// The compose stack on a real Docker engine, with docker-compose 1.29: the sandbox chain dev → stage → prod,
// the admin endpoints, and faults through the real runtime (SIGKILL, Redis restart, scaling, docker stop).

const info = inject('stack');
const skip = 'skip' in info;
const APPS = ['exampleApp', 'postgres', 'apiGateway'] as const;
let stack: Stack;
let serial = 50;
const nextTag = (): string => `1.0.${serial++}-SNAPSHOT-${(0xabc0000 + serial).toString(16)}`;

/** One new tag per app on dev: three promotions dev → stage. */
async function commitAll(): Promise<Array<{ app: string; tag: string }>> {
  const commits = APPS.map((app) => ({ app, tag: nextTag() }));
  for (const { app, tag } of commits) await stack.commit(app, tag);
  return commits;
}

/** Nothing lost, nothing doubled: one Jenkins build per triggered promotion, and no build without one. */
async function expectEachTriggeredOnce(promotions: Promotion[]): Promise<void> {
  const builds = await stack.builds();
  const keys = builds.map(
    (b) =>
      `${b.params['APP_NAME']}|${b.params['SOURCE_ENV']}|${b.params['TARGET_ENV']}|${b.params['IMAGE_TAG']}`,
  );
  expect(new Set(keys).size, `duplicate builds: ${keys.join(', ')}`).toBe(keys.length);
  const triggered = promotions.filter((p) => p.jenkins.buildNumber !== null);
  expect(triggered.map((p) => p.jenkins.buildNumber).sort((a, b) => a! - b!)).toEqual(
    builds.map((b) => b.number).sort((a, b) => a - b),
  );
  for (const p of triggered) {
    const build = builds.find((b) => b.number === p.jenkins.buildNumber)!;
    expect(build.params['APP_NAME'], p.id).toBe(p.app);
    expect(build.params['TARGET_ENV'], p.id).toBe(p.targetEnv);
  }
  expect(promotions.filter((p) => ['failed', 'abandoned'].includes(p.status))).toEqual([]);
}

/** The newest tag of each committed app reached stage. */
const expectDelivered = (
  promotions: Promotion[],
  commits: ReadonlyArray<{ app: string; tag: string }>,
): void => {
  for (const { app, tag } of commits)
    expect(promotions.find((p) => p.app === app && p.imageTag === tag)?.status, `${app} ${tag}`).toBe(
      'succeeded',
    );
};

describe.skipIf(skip)('the compose stack (docker-compose 1.29, --profile sandbox)', () => {
  beforeAll(async () => {
    if ('skip' in info) return;
    stack = new Stack(info);
    const started = Date.now();
    await stack.compose(['up', '-d'], 240_000);
    await stack.waitHealthy(['redis', ...ROLES, 'emulators'], 150_000);
    log(`stack ${info.project} healthy in ${Math.round((Date.now() - started) / 1000)}s`);
  }, 420_000);

  afterAll(async () => {
    if (!stack) return;
    const { stdout } = await stack
      .compose(['logs', '--no-color', '--tail', '40'], 60_000)
      .catch(() => ({ stdout: '' }));
    if (process.env['CONTAINERS_LOGS']) log(stdout);
  }, 60_000);

  it('runs every role healthy, as uid 1000, on a read-only root filesystem', async () => {
    for (const role of ROLES) {
      const [id] = await stack.ids(role);
      expect(
        await stack.inspect(id!, '{{.HostConfig.ReadonlyRootfs}} {{.Config.User}} {{.State.Health.Status}}'),
      ).toBe('true node healthy');
      expect((await run('docker', ['exec', id!, 'id', '-u'])).stdout.trim()).toBe('1000');
    }
  });

  it('promotes dev → stage → prod, driven by the sandbox CLI inside the emulators container', async () => {
    const tag = nextTag();
    await stack.commit('exampleApp', tag);
    const toStage = await waitFor(
      'the stage merge request',
      async () =>
        (await stack.mergeRequests('opened')).find(
          (mr) => mr.target_branch === 'stage' && mr.title.includes('exampleApp'),
        ),
      { timeoutMs: 60_000, intervalMs: 1000 },
    );
    await stack.sandbox(['merge', String(toStage.iid)]);
    const toProd = await waitFor(
      'the prod merge request',
      async () =>
        (await stack.mergeRequests('opened')).find(
          (mr) => mr.target_branch === 'prod' && mr.title.includes('exampleApp'),
        ),
      { timeoutMs: 60_000, intervalMs: 1000 },
    );
    const all = await stack.mergeRequests('all');
    expect(all.find((mr) => mr.iid === toStage.iid)?.state).toBe('merged');
    expect(toProd.state).toBe('opened');
    const promotions = await waitFor(
      'both promotions succeeded',
      async () => {
        const list = await stack.promotions();
        const done = ['stage', 'prod'].every((target) =>
          list.some((p) => p.app === 'exampleApp' && p.targetEnv === target && p.status === 'succeeded'),
        );
        return done && list.length > 0 ? list : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1000 },
    );
    expect(promotions.find((p) => p.targetEnv === 'stage')).toMatchObject({
      sourceEnv: 'dev',
      imageTag: tag,
    });
    expect(promotions.find((p) => p.targetEnv === 'prod')).toMatchObject({ sourceEnv: 'stage' });
    await expectEachTriggeredOnce(promotions);
  });

  it('guards the admin API and Bull Board with basic auth', async () => {
    expect((await stack.http('/admin/queues')).status).toBe(401);
    expect((await stack.http('/admin/queues', stack.adminAuth())).status).toBe(200);
    expect((await stack.http('/api/promotions')).status).toBe(401);
    expect((await stack.http('/healthz')).status).toBe(200);
  });

  it('loses and doubles nothing when the dispatcher is SIGKILLed mid-backlog', async () => {
    await stack.compose(['stop', 'dispatcher'], 60_000);
    const before = (await stack.builds()).length;
    const commits = await commitAll();
    await waitFor(
      'the backlog to be planned',
      async () => {
        const list = await stack.promotions();
        return commits.every((c) => list.some((p) => p.app === c.app && p.imageTag === c.tag))
          ? true
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    await stack.compose(['start', 'dispatcher'], 60_000);
    await waitFor('a first build', async () => ((await stack.builds()).length > before ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 100,
    });
    const [id] = await stack.ids('dispatcher');
    await run('docker', ['kill', id!]);
    log('dispatcher killed mid-backlog');
    await stack.compose(['start', 'dispatcher'], 60_000);
    await stack.waitHealthy(['dispatcher'], 90_000);
    const promotions = await stack.settle(commits, 120_000);
    expectDelivered(promotions, commits);
    await expectEachTriggeredOnce(promotions);
  });

  it('loses and doubles nothing when Redis restarts under load (AOF volume)', async () => {
    const earlier = (await stack.promotions()).length;
    const commits = await commitAll();
    const [redis] = await stack.ids('redis');
    await run('docker', ['restart', '-t', '10', redis!], { timeoutMs: 60_000 });
    log('redis restarted under load');
    await stack.waitHealthy(['redis', ...ROLES], 120_000);
    const promotions = await stack.settle(commits, 120_000);
    expect(promotions.length).toBeGreaterThanOrEqual(earlier + commits.length);
    expectDelivered(promotions, commits);
    await expectEachTriggeredOnce(promotions);
  });

  it('triggers each promotion once with three dispatchers', async () => {
    await stack.compose(['up', '-d', '--no-recreate', '--scale', 'dispatcher=3'], 180_000);
    expect(await stack.ids('dispatcher')).toHaveLength(3);
    await stack.waitHealthy(['dispatcher'], 90_000);
    const commits = [...(await commitAll()), ...(await commitAll())];
    const promotions = await stack.settle(commits, 120_000);
    expectDelivered(promotions, commits.slice(APPS.length));
    await expectEachTriggeredOnce(promotions);
  });

  it('stops every role with exit code 0 within its grace period (docker stop)', async () => {
    const ids = (await Promise.all(ROLES.map((role) => stack.ids(role)))).flat();
    expect(ids.length).toBe(5);
    const seconds = await Promise.all(
      ids.map(async (id) => {
        const started = Date.now();
        await run('docker', ['stop', '-t', '30', id], { timeoutMs: 60_000 });
        return (Date.now() - started) / 1000;
      }),
    );
    log(`docker stop took ${seconds.map((s) => s.toFixed(1)).join(', ')} s`);
    for (const [i, id] of ids.entries()) {
      expect(await stack.inspect(id, '{{.State.ExitCode}} {{.State.OOMKilled}}'), id).toBe('0 false');
      expect(seconds[i]).toBeLessThan(30);
    }
  });
});
