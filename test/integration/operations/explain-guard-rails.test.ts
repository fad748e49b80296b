import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promotionId } from '@auto-promote/domain';
import type { Explanation } from '@auto-promote/operations';
import { HookHealthStore } from '@auto-promote/records';
import { startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';
import { cli, stackEnv } from './support/cli';

// `explain` names the real cause when a guard rail holds a change: GitLab's deploy freeze calendar, a
// quarantined version, a disabled webhook — and, once promoted, the merge request its build opened.
let stack: Stack;
const started = Date.now();
/** A daily cron "S M H * * *" (seconds field) that fires at `at` (UTC). */
const cronAt = (at: number) => {
  const d = new Date(at);
  return `${d.getUTCSeconds()} ${d.getUTCMinutes()} ${d.getUTCHours()} * * *`;
};

beforeAll(async () => {
  stack = await startStack({
    name: 'ops-explain-guards',
    job: { mergeRequests: {} },
    env: { GITLAB_DEPLOY_FREEZE: 'prod', RECONCILE_INTERVAL: '1s', PROMOTION_MR_LOOKUP_TIMEOUT: '30s' },
  });
  // A calendar period on prod that runs for the whole file (it is read before anything goes to prod).
  stack.project.freezePeriods.create(
    { freezeStart: cronAt(started - 2_000), freezeEnd: cronAt(started + 600_000), cronTimezone: 'UTC' },
    new Date().toISOString(),
  );
});
afterAll(async () => {
  await stack?.stop();
});

const id = (app: string, source: string, target: string, sha: string) =>
  promotionId({ app, sourceEnv: source, targetEnv: target, sha });
const env = () => stackEnv(stack, { USER: 'carol', GITLAB_DEPLOY_FREEZE: 'prod' });
const explain = async (...args: string[]) => {
  const run = await cli(['explain', ...args, '--json'], env());
  expect(run.stderr).toBe('');
  return run.json<Explanation>();
};

describe('explain names the guard rail that holds a change', () => {
  it("GitLab's deploy freeze calendar", async () => {
    const sha = await stack.commitApps('stage', { exampleApp: '2.0.1' });
    const promotion = id('exampleApp', 'stage', 'prod', sha);
    await waitFor(
      'the prod promotion to be held',
      async () => (await stack.promotions.get(promotion))?.frozen,
    );
    const e = await explain('exampleApp', '--target', 'prod');
    expect(e.verdict).toMatch(/^exampleApp 2\.0\.1 → prod: waiting — held: GitLab deploy freeze until \S+Z$/);
    expect(e.holds).toEqual([expect.objectContaining({ kind: 'freeze', active: true })]);
    // postgres never went to prod: a push now would be planned, then wait for the same calendar period.
    const other = await explain('postgres', '--target', 'prod');
    expect(other.ifPushedNow.outcome).toBe('promote');
    expect(other.ifPushedNow.holds).toEqual([
      expect.objectContaining({
        kind: 'freeze',
        text: expect.stringMatching(/^GitLab deploy freeze until /),
      }),
    ]);
  });

  it('a quarantined version, on push, in a push now, and after unblock and a replay', async () => {
    const blocked = await cli(
      ['block', '--app', 'postgres', '--tag', '16.9', '--reason', 'CVE-2026-7', '--target', 'stage'],
      env(),
    );
    expect(blocked.code, blocked.stderr).toBe(0);
    const before = stack.project.branchHead('dev')!;
    const sha = await stack.commitApps('dev', { postgres: '16.9' });
    const [skipped] = await stack.settled([id('postgres', 'dev', 'stage', sha)]);
    expect(skipped?.status).toBe('skipped');

    const e = await explain('postgres', '--target', 'stage');
    expect(e.verdict).toMatch(/^postgres 16\.9 → stage: skipped — blocked: CVE-2026-7 \(by carol, /);
    expect(e.holds).toEqual([expect.objectContaining({ kind: 'block', active: true })]);
    // The head is what was pushed; nothing else changed, and that version is blocked.
    expect(e.ifPushedNow.head).toBe(sha);

    expect(
      (await cli(['unblock', '--app', 'postgres', '--tag', '16.9', '--target', 'stage'], env())).code,
    ).toBe(0);
    expect((await cli(['replay', '--ref', 'dev', '--before', before, '--after', sha], env())).code).toBe(0);
    await waitFor('the replayed promotion to succeed', async () =>
      (await stack.promotions.get(id('postgres', 'dev', 'stage', sha)))?.status === 'succeeded'
        ? true
        : undefined,
    );
    const after = await explain('postgres', '--target', 'stage');
    expect(after.verdict).toMatch(/^postgres 16\.9 → stage: promoted/);
    const hold = after.holds.find((h) => h.kind === 'block');
    expect(hold).toMatchObject({ active: false, text: expect.stringMatching(/^blocked: CVE-2026-7/) });
    expect(hold?.until).not.toBeNull();
    expect(after.history.map((h) => h.event)).toContain('unblock');
  });

  it('the merge request a promoted change opened', async () => {
    const sha = await stack.commitApps('dev', { exampleApp: '2.0.2' });
    const promotion = id('exampleApp', 'dev', 'stage', sha);
    await waitFor('its merge request to be recorded', async () =>
      (await stack.promotions.get(promotion))?.mergeRequest?.state === 'opened' ? true : undefined,
    );
    const e = await explain('exampleApp', '--target', 'stage');
    expect(e.mergeRequest).toMatchObject({ state: 'opened' });
    expect(e.verdict).toMatch(/succeeded; merge request !\d+ awaits review$/);
    const text = await cli(['explain', 'exampleApp', '--target', 'stage'], env());
    expect(text.stdout).toMatch(/merge req {2}!\d+ awaiting review http/);
  });

  it('a disabled webhook: the push came through the reconciler, and a push now would not be delivered', async () => {
    const hookId = stack.project.hooks.list()[0]!.id;
    stack.project.hooks.forceAlertStatus(hookId, 'disabled', Date.now());
    const store = new HookHealthStore(stack.redis, stack.prefix);
    await waitFor('the reconciler to see the disabled hook', async () =>
      (await store.get())?.status === 'disabled' ? true : undefined,
    );
    const sha = await stack.commitApps('dev', { postgres: '17.0' });
    const [record] = await stack.settled([id('postgres', 'dev', 'stage', sha)]);
    expect(record?.source).toBe('reconcile');

    const e = await explain('postgres', '--target', 'stage');
    expect(e.webhook).toMatchObject({ status: 'disabled', hookId });
    expect(e.holds[0]).toMatchObject({
      kind: 'webhook',
      text: "GitLab's webhook for this push never came: the reconciler planned it; auto-promote's GitLab hook is disabled",
    });
    // postgres never went to prod: a push now would not be delivered, and would then wait for the calendar.
    const now = await explain('postgres', '--target', 'prod');
    expect(now.ifPushedNow.outcome).toBe('promote');
    expect(now.ifPushedNow.holds.map((h) => h.kind)).toEqual(['webhook', 'freeze']);
    expect(now.ifPushedNow.text).toMatch(
      /then wait: GitLab would not deliver the push \(its hook is disabled\)/,
    );
    const text = await cli(['explain', 'postgres', '--target', 'stage'], env());
    expect(text.stdout).toContain("webhook    auto-promote's GitLab hook is disabled");
  });
});
