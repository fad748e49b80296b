import { describe, expect, it } from 'vitest';
import { freezeListEntries, freezeListing } from '@auto-promote/operations';
import type { TargetFreezes } from '@auto-promote/records';

const UNTIL = '2026-12-07T07:00:00.000Z';
const operator = {
  kind: 'operator' as const,
  target: 'stage',
  reason: 'release train',
  until: null,
  by: 'alice',
  since: '2026-12-03T10:00:00.000Z',
};
const calendar = {
  kind: 'gitlab-calendar' as const,
  target: 'prod',
  reason: `GitLab deploy freeze until ${UNTIL}`,
  until: UNTIL,
  by: null,
  since: '2026-12-04T23:00:00.000Z',
};
const upcoming = { periodId: 1, from: '2026-12-11T23:00:00.000Z', until: '2026-12-14T07:00:00.000Z' };
const view = {
  active: { periodId: 1, from: calendar.since, until: UNTIL },
  upcoming,
  stale: null,
  fetchedAt: '2026-12-05T12:00:00.000Z',
  invalid: [],
};
const targets: TargetFreezes[] = [
  { target: 'stage', operator, calendar: null, effective: operator, calendarView: null },
  { target: 'prod', operator: null, calendar, effective: calendar, calendarView: view },
];

describe('freezes listing', () => {
  it('lists operator freezes with their owner and GitLab deploy freezes with their end, then the next one', () => {
    expect(freezeListing(targets)).toEqual({
      rows: [
        ['stage', 'unfrozen', 'alice', 'release train'],
        ['prod', UNTIL, 'GitLab calendar', `GitLab deploy freeze until ${UNTIL}`],
      ],
      notes: [`next GitLab deploy freeze of prod: ${upcoming.from} until ${upcoming.until}`],
    });
  });

  it('says when the calendar is stale, since when and why, and names unreadable periods', () => {
    const stale = {
      ...view,
      stale: { error: 'list freeze periods: GitLab answered 503', since: '2026-12-05T12:01:00.000Z' },
      invalid: ["freeze period 7: cannot read cron '0 0 0 * *'"],
    };
    const { notes } = freezeListing([{ ...targets[1]!, calendarView: stale }]);
    expect(notes.slice(1)).toEqual([
      'GitLab deploy freeze calendar (prod) is STALE: GitLab cannot be read since 2026-12-05T12:01:00.000Z ' +
        '(list freeze periods: GitLab answered 503); showing the calendar read 2026-12-05T12:00:00.000Z',
      "GitLab deploy freeze calendar: freeze period 7: cannot read cron '0 0 0 * *' (ignored)",
    ]);
  });

  it('gives --json the active freezes, operator ones with frozenAt, calendar ones with the calendar state', () => {
    expect(freezeListEntries(targets)).toEqual([
      { ...operator, frozenAt: operator.since },
      { ...calendar, calendar: { stale: null, fetchedAt: view.fetchedAt, upcoming } },
    ]);
    expect(freezeListEntries([])).toEqual([]);
  });
});
