import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promotionId } from '@auto-promote/domain';
import type { DryRunPlan } from '@auto-promote/operations';
import { manifest, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';
import { cli, stackEnv } from './support/cli';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    name: 'ops-plan',
    apps: { exampleApp: '1.0.0', postgres: '16.1', apiGateway: '2.0.0' },
  });
});
afterAll(async () => {
  await stack?.stop();
});

const DIFF_ROUTE = 'GET /projects/:id/repository/commits/:sha/diff';
const idFor = (app: string, sha: string) => promotionId({ app, sourceEnv: 'dev', targetEnv: 'stage', sha });
const files = (apps: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(apps).map(([app, tag]) => [`manifests/${app}/${app}.yaml`, manifest(app, tag)]),
  );

/**
 * Every key under the prefix, with the value of plain string keys (records, pointers, markers). What
 * changes on its own in the background is left out: the reconciler's scheduled job, BullMQ's housekeeping
 * key, the board's view of the environment branches (refreshed after each planned push), the GitLab
 * feedback of earlier pushes (sent a GITLAB_FEEDBACK_DELAY later) and the dispatch rate limiter's expiring key.
 */
async function keySnapshot(): Promise<Array<[string, string | null]>> {
  const background = [
    ':reconcile:',
    ':env-head:',
    ':env-state',
    ':env:',
    ':feedback:',
    ':promotions:limiter',
  ].map((part) => `${stack.prefix}${part}`);
  const keys = (await stack.redis.keys(`${stack.prefix}:*`))
    .filter((k) => !k.endsWith(':stalled-check') && !background.some((b) => k.startsWith(b)))
    .sort();
  return Promise.all(
    keys.map(async (k): Promise<[string, string | null]> => [
      k,
      (await stack.redis.type(k)) === 'string' ? await stack.redis.get(k) : null,
    ]),
  );
}

describe('commit skip rules', () => {
  it('costs no extra GitLab call for a push without markers', async () => {
    const before = stack.gitlab.countRequests(DIFF_ROUTE);
    const sha = await stack.commitApps('dev', { apiGateway: '2.0.1' }, 'bump apiGateway');
    const [record] = await stack.settled([idFor('apiGateway', sha)]);
    expect(record?.status).toBe('succeeded');
    expect(stack.gitlab.countRequests(DIFF_ROUTE)).toBe(before);
  });

  it('skips apps only marked commits changed, and promotes an app an unmarked commit changed too', async () => {
    const before = stack.gitlab.countRequests(DIFF_ROUTE);
    const [, after] = await stack.project.push('dev', [
      {
        message: 'Quiet tweak of both [SKIP PROMOTE]',
        files: files({ exampleApp: '1.0.1', postgres: '16.2' }),
      },
      { message: 'bump postgres', files: files({ postgres: '16.3' }) },
    ]);
    const [example, postgres] = await stack.settled([idFor('exampleApp', after!), idFor('postgres', after!)]);
    expect(example).toMatchObject({ status: 'skipped', imageTag: null });
    expect(example?.reason).toMatch(
      /^exampleApp was only changed by commits that opt out of promotion: [0-9a-f]{8} \(\[skip promote\]\)$/,
    );
    expect(postgres).toMatchObject({ status: 'succeeded', imageTag: '16.3' });
    // One diff for the marked commit, one for the unmarked commit to see postgres was changed there too.
    expect(stack.gitlab.countRequests(DIFF_ROUTE) - before).toBe(2);
    expect(stack.jenkins.triggers.some((t) => t.params['PROMOTION_ID'] === example?.id)).toBe(false);
  });

  it('skips what a revert commit alone changed', async () => {
    const sha = await stack.commitApps(
      'dev',
      { apiGateway: '2.0.0' },
      'Revert "bump apiGateway"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.\n',
    );
    const [record] = await stack.settled([idFor('apiGateway', sha)]);
    expect(record?.status).toBe('skipped');
    expect(record?.reason).toContain('(revert)');
  });

  it('a merge request titled [no-promote] skips every app it merges', async () => {
    await stack.project.commit({
      branch: 'quiet',
      startBranch: 'dev',
      message: 'bump exampleApp',
      files: files({ exampleApp: '1.0.9' }),
    });
    const mr = await stack.project.createMergeRequest({
      sourceBranch: 'quiet',
      targetBranch: 'dev',
      title: 'Resize exampleApp [no-promote]',
    });
    const merged = await stack.project.mergeMergeRequest(mr.iid);
    const [record] = await stack.settled([idFor('exampleApp', merged.mergeCommitSha!)]);
    expect(record?.status).toBe('skipped');
    expect(record?.reason).toContain(`${merged.mergeCommitSha!.slice(0, 8)} ([no-promote])`);
  });
});

describe('auto-promote plan, replay and promote', () => {
  it('plans a missed push as a dry run without writing anything, then replays it', async () => {
    const env = stackEnv(stack);
    const hook = stack.project.hooks.list()[0]!;
    stack.project.hooks.update(hook.id, { events: { push_events: false } }); // the webhook goes missing
    const from = stack.project.branchHead('dev')!;
    const [, after] = await stack.project.push('dev', [
      { message: 'bump exampleApp [no-promote]', files: files({ exampleApp: '1.1.0' }) },
      { message: 'bump postgres', files: files({ postgres: '17.0' }) },
    ]);
    stack.project.hooks.update(hook.id, { events: { push_events: true } });

    const keys = await keySnapshot();
    const triggers = stack.jenkins.triggers.length;
    const plan = await cli(['plan', '--ref', 'dev', '--before', from, '--after', after!, '--json'], env);
    expect(plan.code).toBe(0);
    const { preview, push } = plan.json<DryRunPlan>();
    expect(push).toMatchObject({ branch: 'dev', before: from, after, targetEnv: 'stage' });
    if (preview.kind !== 'plan') throw new Error('expected a plan');
    expect(
      preview.promotions.map((p) => [p.app, p.appName, p.outcome, 'imageTag' in p ? p.imageTag : null]),
    ).toEqual([
      ['exampleApp', 'exampleApp', 'skip', null],
      ['postgres', 'postgres', 'promote', '17.0'],
    ]);
    const text = await cli(['plan', '--ref', 'refs/heads/dev', '--before', from.slice(0, 10)], env);
    expect(text.stdout).toMatch(/postgres\s+postgres\s+17\.0\s+promote/);
    expect(text.stdout).toMatch(
      /exampleApp\s+exampleApp\s+—\s+skip\s+exampleApp was only changed by commits/,
    );
    expect(await keySnapshot()).toEqual(keys);
    expect(stack.jenkins.triggers.length).toBe(triggers);

    const replay = await cli(['replay', '--ref', 'dev', '--before', from, '--after', after!, '--json'], env);
    expect(replay.code).toBe(0);
    const { eventId, outcome } = replay.json<{ eventId: string; outcome: string }>();
    expect(outcome).toBe('queued');
    const [example, postgres] = await stack.settled([idFor('exampleApp', after!), idFor('postgres', after!)]);
    expect(example).toMatchObject({ status: 'skipped', source: 'replay' });
    expect(postgres).toMatchObject({ status: 'succeeded', source: 'replay', eventId });
    const event = await stack.infra.events.get(eventId);
    expect(event).toMatchObject({ source: 'replay', status: 'planned' });
    // A replay is an event of its own; replaying again adds nothing new.
    const again = await cli(['replay', '--ref', 'dev', '--before', from, '--after', after!], env);
    expect(again.stdout).toMatch(/^queued ev-/);
    await waitFor('the second replay to be planned', async () => {
      const events = await stack.infra.events.recent(5);
      return events.filter((e) => e.source === 'replay' && e.status === 'planned').length === 2;
    });
    expect(stack.jenkins.triggers.filter((t) => t.params['PROMOTION_ID'] === postgres?.id)).toHaveLength(1);
  });

  it('refuses a branch without a target and a commit GitLab does not know', async () => {
    const env = stackEnv(stack);
    const prod = await cli(['plan', '--ref', 'prod', '--before', 'main'], env);
    expect(prod.code).toBe(2);
    expect(prod.stderr).toContain("'prod' has no promotion target");
    const unknown = await cli(['replay', '--ref', 'dev', '--before', 'f'.repeat(40), '--after', 'dev'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`--before '${'f'.repeat(40)}' is not a commit`);
  });

  it('promotes one app at the head of a source branch (source manual), once', async () => {
    const env = stackEnv(stack);
    const head = stack.project.branchHead('stage')!;
    const result = await cli(['promote', '--app', 'postgres', '--from', 'stage', '--json'], env);
    expect(result.code).toBe(0);
    const { promotionId: id, outcome } = result.json<{ promotionId: string; outcome: string }>();
    expect(outcome).toBe('queued');
    expect(id).toBe(promotionId({ app: 'postgres', sourceEnv: 'stage', targetEnv: 'prod', sha: head }));
    const [record] = await stack.settled([id]);
    expect(record).toMatchObject({
      status: 'succeeded',
      source: 'manual',
      app: 'postgres',
      targetEnv: 'prod',
    });
    expect(stack.jenkins.triggers.find((t) => t.params['PROMOTION_ID'] === id)?.params).toMatchObject({
      APP_NAME: 'postgres',
      SOURCE_ENV: 'stage',
      TARGET_ENV: 'prod',
      IMAGE_TAG: '16.1',
    });
    const again = await cli(['promote', '--app', 'postgres', '--from', 'stage'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already recorded: postgres stage→prod');
    expect(again.stdout).toContain('is succeeded');
  });

  it('skips a manual promotion of app content already promoted, unless forced', async () => {
    const env = stackEnv(stack);
    const bumped = await stack.commitApps('dev', { apiGateway: '2.5.0' });
    const [first] = await stack.settled([idFor('apiGateway', bumped)]);
    expect(first?.status).toBe('succeeded');
    const triggersOf = () =>
      stack.jenkins.triggers.filter((t) => t.params['APP_NAME'] === 'apiGateway').length;
    const before = triggersOf();

    // Another app moves dev on; apiGateway's directory is the same as at its promotion.
    const other = await stack.commitApps('dev', { postgres: '17.5' });
    await stack.settled([idFor('postgres', other)]);
    const same = await cli(['promote', '--app', 'apiGateway', '--from', 'dev', '--json'], env);
    const skipped = await stack.settled([same.json<{ promotionId: string }>().promotionId]);
    expect(skipped[0]).toMatchObject({
      status: 'skipped',
      reason: `apiGateway is unchanged since ${first!.id}`,
    });

    const later = await stack.commitApps('dev', { postgres: '17.6' });
    await stack.settled([idFor('postgres', later)]);
    const forced = await cli(['promote', '--app', 'apiGateway', '--from', 'dev', '--force', '--json'], env);
    const [done] = await stack.settled([forced.json<{ promotionId: string }>().promotionId]);
    expect(done).toMatchObject({ status: 'succeeded', source: 'manual', sha: later });
    expect(triggersOf()).toBe(before + 1);
  });

  it('refuses an unknown app, a commit off the branch, and an unsafe name', async () => {
    const env = stackEnv(stack);
    const missing = await cli(['promote', '--app', 'nope', '--from', 'dev'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("there is no manifests/nope on 'dev'");
    const off = await cli(['promote', '--app', 'postgres', '--from', 'prod'], env);
    expect(off.code).toBe(2);
    const elsewhere = await cli(
      ['promote', '--app', 'postgres', '--from', 'stage', '--sha', stack.project.branchHead('dev')!],
      env,
    );
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain("is not on 'stage'");
    expect((await cli(['promote', '--app', '../x', '--from', 'dev'], env)).code).toBe(2);
  });
});
