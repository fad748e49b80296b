import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promotionId } from '@auto-promote/domain';
import type { Explanation } from '@auto-promote/operations';
import { adminHeaders, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';
import { cli, stackEnv } from './support/cli';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ name: 'ops-explain', env: { RETRY_MAX_DELAY_MS: '500' } });
});
afterAll(async () => {
  await stack?.stop();
});

const id = (app: string, source: string, target: string, sha: string) =>
  promotionId({ app, sourceEnv: source, targetEnv: target, sha });
const record = async (promotion: string) => await stack.promotions.get(promotion);
const explain = async (...args: string[]) => {
  const run = await cli(['explain', ...args, '--json'], stackEnv(stack));
  expect(run.stderr).toBe('');
  return run.json<Explanation>();
};

describe('explain', () => {
  it('tells a promoted change from push to build, and that a push now would change nothing', async () => {
    const sha = await stack.commitApps('dev', { exampleApp: '1.0.50' });
    const promotion = id('exampleApp', 'dev', 'stage', sha);
    const [done] = await stack.settled([promotion]);
    expect(done?.status).toBe('succeeded');

    const e = await explain('exampleApp', '--target', 'stage');
    expect(e.verdict).toMatch(/^exampleApp 1\.0\.50 → stage: promoted — Jenkins build #\d+ succeeded$/);
    expect(e.change).toMatchObject({ source: 'webhook', branch: 'dev', after: sha, status: 'planned' });
    expect(e.history.map((h) => h.event)).toEqual([
      'recorded',
      'intend',
      'triggered',
      ...(e.history.some((h) => h.event === 'build-started') ? ['build-started'] : []),
      'build-finished',
    ]);
    expect(e.jenkins).toMatchObject({ queueId: done?.jenkins.queueId, result: 'SUCCESS' });
    expect(e.ifPushedNow).toMatchObject({ sourceBranch: 'dev', head: sha, outcome: 'nothing' });

    const text = await cli(['explain', 'exampleApp', '--target', 'stage'], stackEnv(stack));
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`promotion  ${promotion}`);
    expect(text.stdout).toMatch(/jenkins {4}queue item \d+, build #\d+ SUCCESS/);
    expect(text.stdout).toContain('if pushed  head');
  });

  it('names the freeze that holds a change, and what a push now would do', async () => {
    const env = stackEnv(stack, { USER: 'alice' });
    expect((await cli(['freeze', '--target', 'prod', '--reason', 'audit week'], env)).code).toBe(0);
    const sha = await stack.commitApps('stage', { exampleApp: '1.0.51' });
    const promotion = id('exampleApp', 'stage', 'prod', sha);
    await waitFor('the prod promotion to be held', async () => (await record(promotion))?.frozen);

    const e = await explain('exampleApp', '--target', 'prod');
    expect(e.verdict).toBe('exampleApp 1.0.51 → prod: waiting — held: audit week (frozen by alice)');
    expect(e.holds).toEqual([
      expect.objectContaining({
        kind: 'freeze',
        active: true,
        text: 'held: audit week (frozen by alice)',
        until: null,
      }),
    ]);
    expect(e.history.map((h) => h.event)).toEqual(['recorded', 'hold']);
    // postgres was never promoted to prod: a push now would plan it, and it would wait for the same freeze.
    const never = await explain('postgres', '--target', 'prod');
    expect(never.promotion).toBeNull();
    expect(never.ifPushedNow).toMatchObject({ outcome: 'promote', imageTag: '16.1', head: sha });
    expect(never.ifPushedNow.text).toBe(
      'would be planned with IMAGE_TAG 16.1, then wait: prod is frozen by alice: audit week',
    );

    expect((await cli(['unfreeze', '--target', 'prod'], env)).code).toBe(0);
    await stack.settled([promotion]);
    const after = await explain('exampleApp', '--target', 'prod');
    expect(after.verdict).toMatch(/promoted/);
    // The freeze is history now: it held the change from its hold to its release.
    expect(after.holds).toEqual([
      expect.objectContaining({ kind: 'freeze', active: false, text: 'held: audit week (frozen by alice)' }),
    ]);
    expect(after.holds[0]?.until).not.toBeNull();
  });

  it('names an unreachable Jenkins: the failed calls and the open circuit', async () => {
    stack.jenkins.faults.set({ mode: 'refuse' });
    try {
      const sha = await stack.commitApps('dev', { exampleApp: '1.0.52' });
      const promotion = id('exampleApp', 'dev', 'stage', sha);
      const e = await waitFor('explain to see the open circuit', async () => {
        const now = await explain('exampleApp', '--target', 'stage');
        return now.promotion?.id === promotion && now.holds.some((h) => h.kind === 'circuit-open')
          ? now
          : undefined;
      });
      expect(e.verdict).toMatch(/^exampleApp 1\.0\.52 → stage: waiting — /);
      expect(e.holds.find((h) => h.kind === 'jenkins-retry')).toMatchObject({ active: true });
      expect(e.holds.find((h) => h.kind === 'circuit-open')?.text).toMatch(
        /the Jenkins circuit is open after \d+ consecutive failed calls/,
      );
      expect(e.history.some((h) => h.event === 'attempt-failed')).toBe(true);
      stack.jenkins.faults.reset();
      await stack.settled([promotion], 15_000);
      const after = await explain('exampleApp', '--target', 'stage');
      expect(after.holds.find((h) => h.kind === 'jenkins-retry')).toMatchObject({ active: false });
      expect(after.holds.some((h) => h.kind === 'circuit-open')).toBe(false);
    } finally {
      stack.jenkins.faults.reset();
    }
  });

  it('tells the newest of two changes pushed during a freeze, the older superseded', async () => {
    const env = stackEnv(stack);
    await cli(['freeze', '--target', 'stage', '--reason', 'hold'], env);
    const first = await stack.commitApps('dev', { postgres: '17.2' });
    await waitFor(
      'the first to be held',
      async () => (await record(id('postgres', 'dev', 'stage', first)))?.frozen,
    );
    const second = await stack.commitApps('dev', { postgres: '17.3' });
    await waitFor('the first to be superseded', async () =>
      (await record(id('postgres', 'dev', 'stage', first)))?.status === 'superseded' ? true : undefined,
    );
    await waitFor(
      'the second to be held',
      async () => (await record(id('postgres', 'dev', 'stage', second)))?.frozen,
    );
    await cli(['unfreeze', '--target', 'stage'], env);
    await stack.settled([id('postgres', 'dev', 'stage', second)]);
    const e = await explain('postgres', '--target', 'stage');
    expect(e.promotion?.sha).toBe(second);
    expect(e.verdict).toMatch(/^postgres 17\.3 → stage: promoted/);
    expect(e.history.map((h) => h.event).slice(0, 3)).toEqual(['recorded', 'hold', 'release']);
  });

  it('is served over the API behind admin auth, with clear errors', async () => {
    const url = (q: string) => `${stack.url}/api/explain?${q}`;
    expect((await fetch(url('app=exampleApp'))).status).toBe(401);
    const ok = await fetch(url('app=exampleApp&target=stage'), { headers: adminHeaders() });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as Explanation;
    expect(body).toMatchObject({ app: 'exampleApp', target: 'stage' });
    expect(body.history.length).toBeGreaterThan(0);
    const bad = await fetch(url('app=../etc&target=stage'), { headers: adminHeaders() });
    expect(bad.status).toBe(400);
    const target = await fetch(url('app=exampleApp&target=dev'), { headers: adminHeaders() });
    expect(target.status).toBe(400);
    expect(await target.json()).toEqual({ error: 'target must be one of stage, prod' });
    const none = await fetch(url('app=neverSeen'), { headers: adminHeaders() });
    expect(none.status).toBe(404);
    const cliNone = await cli(['explain', 'neverSeen'], stackEnv(stack));
    expect(cliNone.code).toBe(1);
    expect(cliNone.stderr).toContain('no promotion of neverSeen is recorded');
    const cliTarget = await cli(['explain', 'neverSeen', '--target', 'stage', '--json'], stackEnv(stack));
    expect(cliTarget.code).toBe(0);
    expect(cliTarget.json<Explanation>().verdict).toMatch(/^neverSeen → stage: no promotion recorded/);
  });
});
