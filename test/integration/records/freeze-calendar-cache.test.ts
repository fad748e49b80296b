import { Writable } from 'node:stream';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { FreezePeriod } from '@auto-promote/domain';
import { createLogger } from '@auto-promote/observability';
import { ActiveFreezes, FreezeStore, GitLabFreezeCalendar } from '@auto-promote/records';
import { redisKeys } from '@auto-promote/redis';
import { deletePrefix, testRedis, uniquePrefix } from '../../support/redis';

const redis = testRedis();
const prefix = uniquePrefix('freeze-calendar');
afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

// GitLab's documented example: Friday 23:00 to Monday 07:00 UTC. 2026-12-05 is a Saturday.
const WEEKEND: FreezePeriod = {
  id: 1,
  freezeStart: '0 23 * * 5',
  freezeEnd: '0 7 * * 1',
  cronTimezone: 'UTC',
};
const SATURDAY = Date.parse('2026-12-05T12:00:00Z');

/** A GitLab that answers `periods`, or fails while `down`; counts its calls. */
class FakeGitLab {
  periods: FreezePeriod[] = [WEEKEND];
  down = false;
  calls = 0;
  freezePeriods(): Promise<FreezePeriod[]> {
    this.calls += 1;
    if (this.down) return Promise.reject(new Error('list freeze periods: GitLab answered 503'));
    return Promise.resolve(this.periods);
  }
}

class Lines extends Writable {
  readonly lines: Array<Record<string, unknown>> = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
      this.lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  }
}

let now = SATURDAY;
let gitlab: FakeGitLab;
let logs: Lines;
let testPrefix: string;
const calendar = () =>
  new GitLabFreezeCalendar(redis, testPrefix, {
    gitlab,
    project: 'p2c/k8s-deployments',
    logger: createLogger({ level: 'info', destination: logs }),
    clock: () => now,
  });

beforeEach(() => {
  now = SATURDAY;
  gitlab = new FakeGitLab();
  logs = new Lines();
  testPrefix = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
});

describe('GitLabFreezeCalendar', () => {
  it('asks GitLab at most once a minute, whatever the number of processes', async () => {
    const replicas = [calendar(), calendar(), calendar()];
    const first = await Promise.all(replicas.map((c) => c.read()));
    expect(gitlab.calls).toBe(1);
    // A replica that lost the lease of the very first read may see nothing yet; all see it right after.
    expect(first.filter((s) => s !== null).length).toBeGreaterThanOrEqual(1);
    for (const c of replicas) expect((await c.read())?.periods).toEqual([WEEKEND]);
    now += 59_000;
    await Promise.all(replicas.map((c) => c.read()));
    expect(gitlab.calls).toBe(1);
    now += 2_000;
    gitlab.periods = [];
    // The lease of the first read expires in real time (60 s); drop it as its expiry would.
    await redis.del(redisKeys(testPrefix).gitlabFreezeCalendarLease);
    await Promise.all(replicas.map((c) => c.read()));
    expect(gitlab.calls).toBe(2);
    expect((await replicas[2]?.read())?.periods).toEqual([]);
  });

  it('keeps the last calendar while GitLab cannot be read, says so, and warns once per failure streak', async () => {
    const reader = calendar();
    const read = await reader.read();
    expect(read).toMatchObject({ stale: null, fetchedAt: '2026-12-05T12:00:00.000Z' });
    const lease = redisKeys(testPrefix).gitlabFreezeCalendarLease;
    const later = async (ms: number) => {
      now += ms;
      await redis.del(lease);
      return reader.read();
    };

    gitlab.down = true;
    const stale = await later(61_000);
    expect(stale).toMatchObject({
      periods: [WEEKEND],
      fetchedAt: '2026-12-05T12:00:00.000Z',
      stale: { error: 'list freeze periods: GitLab answered 503', since: '2026-12-05T12:01:01.000Z' },
    });
    const still = await later(61_000);
    expect(still?.stale?.since).toBe('2026-12-05T12:01:01.000Z');
    const warnings = logs.lines.filter((l) => l['level'] === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.['msg']).toBe(
      'GitLab deploy freeze calendar cannot be read: keeping the last known calendar',
    );

    gitlab.down = false;
    expect(await later(61_000)).toMatchObject({ stale: null, fetchedAt: '2026-12-05T12:03:03.000Z' });
    gitlab.down = true;
    await later(61_000);
    expect(logs.lines.filter((l) => l['level'] === 'warn')).toHaveLength(2); // a new streak
  });

  it('a GitLab never read is stale with no periods', async () => {
    gitlab.down = true;
    expect(await calendar().read()).toMatchObject({
      periods: [],
      fetchedAt: null,
      stale: { since: expect.any(String) },
    });
  });
});

describe('ActiveFreezes', () => {
  const active = (targets = ['prod']) =>
    new ActiveFreezes({
      freezes: new FreezeStore(redis, testPrefix, { clock: () => new Date(now) }),
      calendar: calendar(),
      calendarTargets: targets,
      clock: () => now,
    });

  it('holds a calendar target during a period, until its end, and not after', async () => {
    const freezes = active();
    expect(await freezes.get('prod')).toEqual({
      kind: 'gitlab-calendar',
      target: 'prod',
      reason: 'GitLab deploy freeze until 2026-12-07T07:00:00.000Z',
      until: '2026-12-07T07:00:00.000Z',
      by: null,
      since: '2026-12-04T23:00:00.000Z',
    });
    expect(await freezes.get('stage')).toBeNull(); // not a GITLAB_DEPLOY_FREEZE target
    expect(await freezes.get('prod', Date.parse('2026-12-07T07:00:00Z'))).toBeNull();
    const monday = await freezes.of('prod', Date.parse('2026-12-08T12:00:00Z'));
    expect(monday.calendarView?.upcoming).toEqual({
      periodId: 1,
      from: '2026-12-11T23:00:00.000Z',
      until: '2026-12-14T07:00:00.000Z',
    });
  });

  it('when an operator freeze and the calendar both hold, the later end wins; each is reported', async () => {
    const freezes = active();
    const store = new FreezeStore(redis, testPrefix, { clock: () => new Date() });
    await store.freeze({ target: 'prod', reason: 'release train', until: null, by: 'alice' });
    const both = await freezes.of('prod');
    expect(both.operator).toMatchObject({ kind: 'operator', by: 'alice', until: null });
    expect(both.calendar?.kind).toBe('gitlab-calendar');
    expect(both.effective?.kind).toBe('operator'); // no end is the latest end

    const soon = new Date(now + 60_000).toISOString();
    await store.freeze({ target: 'prod', reason: 'short', until: soon, by: 'bob' });
    expect((await freezes.get('prod'))?.kind).toBe('gitlab-calendar');
    expect((await freezes.list(['stage', 'prod'])).map((f) => `${f.target}:${f.kind}`)).toEqual([
      'prod:operator',
      'prod:gitlab-calendar',
    ]);
    await store.unfreeze('prod');
  });

  it('with the calendar off, only operator freezes hold', async () => {
    const freezes = new ActiveFreezes({
      freezes: new FreezeStore(redis, testPrefix),
      calendar: null,
      calendarTargets: ['prod'],
      clock: () => now,
    });
    expect(await freezes.of('prod')).toEqual({
      target: 'prod',
      operator: null,
      calendar: null,
      effective: null,
      calendarView: null,
    });
    expect(gitlab.calls).toBe(0);
  });
});
