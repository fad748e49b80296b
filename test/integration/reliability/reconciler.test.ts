import { afterEach, describe, expect, it } from 'vitest';
import { promotionId } from '@auto-promote/domain';
import { manifest, SECRETS, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

const idFor = (app: string, sha: string) => promotionId({ app, sourceEnv: 'dev', targetEnv: 'stage', sha });

describe('reconciler (missed-webhook backstop)', () => {
  it('promotes nothing at start, then plans a range whose webhooks never arrived', async () => {
    stack = await startStack({ name: 'reconcile', hook: false, env: { RECONCILE_INTERVAL: '300ms' } });
    await waitFor(
      'the first look to record the heads',
      async () =>
        (await stack!.redis.get(`${stack!.prefix}:planned-head:dev`)) === stack!.project.branchHead('dev'),
    );
    expect(stack.jenkins.triggers).toHaveLength(0); // starting never promotes anything by itself

    // Three commits reach dev while GitLab's hook is gone (ingress down, hook auto-disabled, Redis away…).
    const shas = await stack.project.push('dev', [
      {
        message: 'merge a',
        files: { 'manifests/exampleApp/exampleApp.yaml': manifest('exampleApp', '7.1.0') },
      },
      { message: 'merge b', files: { 'manifests/postgres/postgres.yaml': manifest('postgres', '16.7') } },
      {
        message: 'merge c',
        files: { 'manifests/exampleApp/exampleApp.yaml': manifest('exampleApp', '7.2.0') },
      },
    ]);
    const head = shas.at(-1)!;
    const records = await stack.settled([idFor('exampleApp', head), idFor('postgres', head)]);
    expect(records.map((r) => [r.app, r.status, r.imageTag, r.source])).toEqual([
      ['exampleApp', 'succeeded', '7.2.0', 'reconcile'],
      ['postgres', 'succeeded', '16.7', 'reconcile'],
    ]);
    expect(stack.jenkins.triggers).toHaveLength(2);
    const events = await stack.infra.events.recent();
    expect(events[0]).toMatchObject({ source: 'reconcile', after: head, status: 'planned' });
    expect(stack.logs.text).toContain('missed webhook');
  });

  it('does not plan again what webhooks already planned', async () => {
    stack = await startStack({ name: 'reconcile-quiet', env: { RECONCILE_INTERVAL: '200ms' } });
    const sha = await stack.commitApps('dev', { exampleApp: '8.0.0' });
    await stack.settled([idFor('exampleApp', sha)]);
    const runs = async () =>
      Number(await stack!.redis.zcard(`${stack!.prefix}:reconcile:completed`).catch(() => 0));
    const before = await runs();
    await waitFor('three more reconcile runs', async () => (await runs()) >= before + 3);
    expect(stack.jenkins.triggers).toHaveLength(1);
    // A range whose webhook is queued but not planned yet is a duplicate (logged at debug), never a miss.
    const misses = stack.logs.lines.filter(
      (l) => l.includes('missed webhook') && l.includes('"level":"warn"'),
    );
    expect(misses).toEqual([]);
  });
});

describe('reconciler with a gap in the middle', () => {
  it('plans only the missed push when later pushes were delivered, promoting every app once', async () => {
    stack = await startStack({
      name: 'reconcile-gap',
      hook: false,
      apps: { appA: '1', appB: '1', appC: '1' },
      env: { RECONCILE_INTERVAL: '400ms' },
    });
    await waitFor('the first look', async () => stack!.redis.get(`${stack!.prefix}:planned-head:dev`));
    const hook = stack.project.addHook({ url: `${stack.url}/webhooks/gitlab`, token: 'wrong-token' });
    await stack.commitApps('dev', { appA: '2' }); // delivered with a wrong token: 401, never planned
    expect(stack.gitlab.hookDeliveries.at(-1)?.status).toBe(401);
    stack.project.hooks.remove(hook.id);
    stack.project.addHook({ url: `${stack.url}/webhooks/gitlab`, token: SECRETS.webhookSecret });
    await stack.commitApps('dev', { appB: '2' }); // delivered and planned, but after a gap
    // Whether a reconcile ran between the two pushes (then it planned appA at the first commit) or after
    // (then at the second) depends on the machine's load; either way appA comes from the reconciler, and
    // each app is promoted once.
    const settled = async (app: string) => {
      const { items } = await stack!.promotions.list({ app, target: 'stage' });
      const done = items.filter((r) => r.status === 'succeeded');
      return done.length > 0 ? done : undefined;
    };
    const [appA] = await waitFor('appA promoted', () => settled('appA'), { timeoutMs: 15_000 });
    const [appB] = await waitFor('appB promoted', () => settled('appB'), { timeoutMs: 15_000 });
    expect(appA?.source).toBe('reconcile');
    expect(appB?.status).toBe('succeeded');
    await waitFor('the reconciled event to be recorded', async () => {
      const events = await stack!.infra.events.recent();
      return events.some((e) => e.source === 'reconcile');
    });
    await waitFor('the queues to be idle', async () => {
      const c = await stack!.infra.queue('promotions').getJobCounts('waiting', 'active', 'delayed');
      return (c['waiting'] ?? 0) + (c['active'] ?? 0) + (c['delayed'] ?? 0) === 0;
    });
    expect(stack.jenkins.triggers.map((t) => t.params['APP_NAME']).sort()).toEqual(['appA', 'appB']);
  });
});
