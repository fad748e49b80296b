import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promotionId } from '@auto-promote/domain';
import type { PromotionRecord } from '@auto-promote/records';
import { redisKeys } from '@auto-promote/redis';
import { adminHeaders, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';
import { cli, stackEnv } from './support/cli';

/**
 * GitLab's Deploy Freeze calendar (GITLAB_DEPLOY_FREEZE=stage) against the GitLab emulator's Freeze Periods API.
 * The period is a real cron window a few seconds long (Fugit and cron-parser read a seconds field), so the
 * promotion waits for GitLab's own end of the freeze, without touching any clock.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    name: 'calendar-freeze',
    env: { GITLAB_DEPLOY_FREEZE: 'stage', JENKINS_RETRY_HORIZON: '2s' },
  });
});
afterAll(async () => {
  await stack?.stop();
});

const id = (sha: string) => promotionId({ app: 'exampleApp', sourceEnv: 'dev', targetEnv: 'stage', sha });
const record = async (promotion: string) => (await stack.promotions.get(promotion)) as PromotionRecord;
/** A daily cron "S M H * * *" that fires at `at` (UTC). */
const cronAt = (at: number) => {
  const d = new Date(at);
  return `${d.getUTCSeconds()} ${d.getUTCMinutes()} ${d.getUTCHours()} * * *`;
};
/** The instant a cron with a seconds field fires: `at` to the second. */
const toSecond = (at: number) => new Date(Math.floor(at / 1000) * 1000).toISOString();

describe('the GitLab deploy freeze calendar', () => {
  it('holds promotions into a calendar target while a period runs, and releases the latest once it ends', async () => {
    const started = Date.now();
    const end = started + 15_000; // long enough to be planned and held on a loaded machine
    stack.project.freezePeriods.create(
      { freezeStart: cronAt(started - 1_000), freezeEnd: cronAt(end), cronTimezone: 'UTC' },
      new Date().toISOString(),
    );
    const until = toSecond(end);
    const reason = `GitLab deploy freeze until ${until}`;

    const olderSha = await stack.commitApps('dev', { exampleApp: '1.0.7' });
    const older = id(olderSha);
    const held = await waitFor('the stage promotion to be held by the calendar', async () => {
      const r = await record(older);
      return r?.frozen ? r : undefined;
    });
    expect(held).toMatchObject({
      status: 'planned',
      frozen: { kind: 'gitlab-calendar', by: null, reason, until },
    });

    const newerSha = await stack.commitApps('dev', { exampleApp: '1.0.8' });
    const newer = id(newerSha);
    const env = stackEnv(stack, { GITLAB_DEPLOY_FREEZE: 'stage' });
    const listed = await cli(['freezes'], env);
    expect(listed.stdout).toMatch(
      new RegExp(`stage\\s+${until.replace(/\./g, '\\.')}\\s+GitLab calendar\\s+${reason}`),
    );
    const json = (await cli(['freezes', '--json'], env)).json<Array<Record<string, unknown>>>();
    expect(json).toEqual([
      expect.objectContaining({
        kind: 'gitlab-calendar',
        target: 'stage',
        until,
        calendar: expect.any(Object),
      }),
    ]);
    const metrics = await (await fetch(`${stack.url}/metrics`)).text();
    expect(metrics).toContain('auto_promote_frozen_targets{target="stage"} 1');
    expect(metrics).toContain('auto_promote_frozen_targets{target="prod"} 0');
    expect(stack.jenkins.triggers.filter((t) => t.params['PROMOTION_ID'] === older)).toHaveLength(0);

    const [olderDone, newerDone] = await stack.settled([older, newer], 30_000);
    expect(olderDone).toMatchObject({ status: 'superseded', supersededBy: newer });
    expect(newerDone).toMatchObject({ status: 'succeeded', frozen: null });
    const triggers = stack.jenkins.triggers.filter((t) => t.params['PROMOTION_ID'] === newer);
    expect(triggers).toHaveLength(1);
    expect(triggers[0]?.at).toBeGreaterThanOrEqual(Date.parse(until));
    expect(stack.jenkins.triggers.filter((t) => t.params['PROMOTION_ID'] === older)).toHaveLength(0);
    expect(Date.parse(newerDone?.retryHorizonFrom ?? '')).toBeGreaterThanOrEqual(Date.parse(until));
  }, 60_000);

  it('operator freezes have an owner (--by, default the OS user), shown in the list and on held promotions', async () => {
    const env = stackEnv(stack, { GITLAB_DEPLOY_FREEZE: 'stage', USER: 'os-user' });
    const frozen = await cli(
      ['freeze', '--target', 'prod', '--reason', 'audit', '--by', 'carol', '--json'],
      env,
    );
    expect(frozen.json()).toMatchObject({ target: 'prod', by: 'carol' });
    const sha = await stack.commitApps('stage', { postgres: '16.9' });
    const promotion = promotionId({ app: 'postgres', sourceEnv: 'stage', targetEnv: 'prod', sha });
    const held = await waitFor(
      'the prod promotion to be held',
      async () => (await record(promotion))?.frozen,
    );
    expect(held).toMatchObject({ kind: 'operator', by: 'carol', reason: 'audit', until: null });
    expect((await cli(['freezes'], env)).stdout).toMatch(/prod\s+unfrozen\s+carol\s+audit/);
    const board = await fetch(`${stack.url}/api/board`, { headers: adminHeaders() });
    const { freezes } = (await board.json()) as { freezes: Array<Record<string, unknown>> };
    expect(freezes).toContainEqual({
      target: 'prod',
      reason: 'audit',
      until: null,
      kind: 'operator',
      by: 'carol',
    });
    expect((await cli(['freeze', '--target', 'prod', '--reason', 'again'], env)).stdout).toBe(
      'prod frozen until unfrozen by os-user: again\n',
    );
    await cli(['unfreeze', '--target', 'prod'], env);
    const [done] = await stack.settled([promotion]);
    expect(done?.status).toBe('succeeded');
  }, 60_000);

  it('keeps the last calendar when GitLab cannot be read, and says it is stale', async () => {
    const env = stackEnv(stack, { GITLAB_DEPLOY_FREEZE: 'stage' });
    const weekly = stack.project.freezePeriods.create(
      { freezeStart: '0 23 * * 5', freezeEnd: '0 7 * * 1', cronTimezone: 'Europe/Berlin' },
      new Date().toISOString(),
    );
    // The calendar is read at most once a minute: let its minute pass, as Redis would.
    const keys = redisKeys(stack.prefix);
    const age = async () => {
      const raw = await stack.redis.get(keys.gitlabFreezeCalendar);
      const snapshot = JSON.parse(raw ?? '{}') as Record<string, unknown>;
      await stack.redis.set(
        keys.gitlabFreezeCalendar,
        JSON.stringify({ ...snapshot, checkedAt: '2000-01-01T00:00:00.000Z' }),
      );
      await stack.redis.del(keys.gitlabFreezeCalendarLease);
    };
    await age();
    const fresh = await cli(['freezes'], env);
    expect(fresh.stdout).toContain('next GitLab deploy freeze of stage:');
    expect(fresh.stdout).not.toContain('STALE');

    await age();
    stack.gitlab.faults.set({ mode: 'down', downStatus: 500 });
    try {
      const stale = await cli(['freezes'], env);
      expect(stale.code).toBe(0);
      expect(stale.stdout).toContain('next GitLab deploy freeze of stage:'); // the last known calendar
      expect(stale.stdout).toMatch(
        /GitLab deploy freeze calendar \(stage\) is STALE: GitLab cannot be read since \S+ \(/,
      );
      const snapshot = JSON.parse((await stack.redis.get(keys.gitlabFreezeCalendar)) ?? '{}') as {
        periods: Array<{ id: number }>;
        stale: { error: string; since: string } | null;
      };
      expect(snapshot.periods.map((p) => p.id)).toContain(weekly.id);
      expect(snapshot.stale?.error).toMatch(/freeze periods/);
      expect(JSON.stringify(snapshot)).not.toContain('glpat-');
    } finally {
      stack.gitlab.faults.reset();
    }
  }, 60_000);
});
