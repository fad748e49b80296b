import type { ActiveFreeze, CalendarView, TargetFreezes } from '@auto-promote/records';

/** One line of `auto-promote freezes --json`: an active freeze, operator or GitLab calendar. */
export type FreezeListEntry =
  | (ActiveFreeze & { kind: 'operator'; frozenAt: string })
  | (ActiveFreeze & {
      kind: 'gitlab-calendar';
      calendar: Pick<CalendarView, 'stale' | 'fetchedAt' | 'upcoming'>;
    });

/** The active freezes of every target, operator freezes first, for `--json`. */
export function freezeListEntries(targets: readonly TargetFreezes[]): FreezeListEntry[] {
  const entries: FreezeListEntry[] = [];
  for (const t of targets) {
    if (t.operator) entries.push({ ...t.operator, kind: 'operator', frozenAt: t.operator.since });
  }
  for (const t of targets) {
    if (t.calendar && t.calendarView) {
      const { stale, fetchedAt, upcoming } = t.calendarView;
      entries.push({ ...t.calendar, kind: 'gitlab-calendar', calendar: { stale, fetchedAt, upcoming } });
    }
  }
  return entries;
}

/** What `auto-promote freezes` prints: the table rows (TARGET, UNTIL, BY, REASON) and notes under it. */
export interface FreezeListing {
  rows: string[][];
  notes: string[];
}

/**
 * Operator freezes and GitLab deploy freezes (BY "GitLab calendar"), then, per calendar target, the next
 * upcoming GitLab freeze, and whether the calendar is stale (GitLab could not be read) or has unreadable periods.
 */
export function freezeListing(targets: readonly TargetFreezes[]): FreezeListing {
  const rows: string[][] = [];
  for (const { operator } of targets) {
    if (operator)
      rows.push([operator.target, operator.until ?? 'unfrozen', operator.by ?? '—', operator.reason]);
  }
  for (const { calendar } of targets) {
    if (calendar)
      rows.push([calendar.target, calendar.until ?? 'unfrozen', 'GitLab calendar', calendar.reason]);
  }
  const notes: string[] = [];
  const covered = targets.filter((t) => t.calendarView !== null);
  for (const { target, calendarView } of covered) {
    const next = calendarView?.upcoming;
    if (next) notes.push(`next GitLab deploy freeze of ${target}: ${next.from} until ${next.until}`);
  }
  const view = covered[0]?.calendarView;
  if (view) {
    const names = covered.map((t) => t.target).join(', ');
    if (view.stale)
      notes.push(
        `GitLab deploy freeze calendar (${names}) is STALE: GitLab cannot be read since ${view.stale.since} ` +
          `(${view.stale.error}); showing the calendar read ${view.fetchedAt ?? 'never'}`,
      );
    else if (view.fetchedAt === null) notes.push(`GitLab deploy freeze calendar (${names}) not read yet`);
    for (const problem of view.invalid) notes.push(`GitLab deploy freeze calendar: ${problem} (ignored)`);
  }
  return { rows, notes };
}
