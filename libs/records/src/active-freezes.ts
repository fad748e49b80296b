import {
  calendarFreezeReason,
  freezeCalendarAt,
  type FreezeKind,
  type FreezeWindow,
} from '@auto-promote/domain';
import type { Freeze, FreezeStore } from './freeze-store';
import type { FreezeCalendarSnapshot, GitLabFreezeCalendar } from './gitlab-freeze-calendar';

/** One thing that holds a target now: an operator's freeze or a window of GitLab's Deploy Freeze calendar. */
export interface ActiveFreeze {
  kind: FreezeKind;
  target: string;
  /** "GitLab deploy freeze until <ISO>" for the calendar; the operator's words otherwise. */
  reason: string;
  /** When it ends by itself (ISO); null = until `unfreeze`. */
  until: string | null;
  /** Who froze the target (operator freezes); null when unknown and for the calendar. */
  by: string | null;
  /** When it began: the operator's `freeze`, or the window's start firing. */
  since: string;
}

/** What the calendar says for one target. */
export interface CalendarView {
  /** The window that holds the target now; null = none. */
  active: FreezeWindow | null;
  /** The window that opens next; null = none known. */
  upcoming: FreezeWindow | null;
  /** GitLab could not be read at the last attempt: the calendar is the last known one. */
  stale: { error: string; since: string } | null;
  /** When GitLab last answered; null = never (the calendar is then empty). */
  fetchedAt: string | null;
  /** Periods whose cron or time zone cannot be read (they hold nothing), e.g. "freeze period 7: …". */
  invalid: string[];
}

/** Everything that holds a target at one instant. */
export interface TargetFreezes {
  target: string;
  operator: ActiveFreeze | null;
  calendar: ActiveFreeze | null;
  /** What a promotion into the target waits for: when both hold, the one ending later (no end = latest). */
  effective: ActiveFreeze | null;
  /** Null when GITLAB_DEPLOY_FREEZE does not cover the target (or the calendar is off). */
  calendarView: CalendarView | null;
}

export interface ActiveFreezesOptions {
  freezes: Pick<FreezeStore, 'get' | 'list'>;
  /** Null when the calendar is off (GITLAB_DEPLOY_FREEZE=none). */
  calendar: Pick<GitLabFreezeCalendar, 'read'> | null;
  /** The targets the calendar applies to (GITLAB_DEPLOY_FREEZE). */
  calendarTargets: readonly string[];
  clock?: () => number;
}

const endsLater = (a: ActiveFreeze, b: ActiveFreeze): boolean =>
  a.until === null ? b.until !== null : b.until !== null && Date.parse(a.until) > Date.parse(b.until);

/**
 * "What holds target X now, until when, and is the calendar stale?" — operator freezes (FreezeStore) and GitLab's
 * Deploy Freeze calendar (GitLabFreezeCalendar, read at most once a minute) together. The dispatcher's freeze gate
 * asks `get`; `freezes`, the board, the metrics and `explain` ask `of`/`list`.
 */
export class ActiveFreezes {
  private readonly clock: () => number;

  constructor(private readonly options: ActiveFreezesOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /** Whether the calendar applies to `target`. */
  calendarCovers(target: string): boolean {
    return this.options.calendar !== null && this.options.calendarTargets.includes(target);
  }

  /** What a promotion into `target` waits for now (the later-ending of operator freeze and calendar), or null. */
  async get(target: string, now = this.clock()): Promise<ActiveFreeze | null> {
    return (await this.of(target, now)).effective;
  }

  /** Everything that holds `target` now, and what the calendar says for it. */
  async of(target: string, now = this.clock()): Promise<TargetFreezes> {
    const [freeze, snapshot] = await Promise.all([
      this.options.freezes.get(target),
      this.calendarCovers(target) ? this.readCalendar() : Promise.resolve(undefined),
    ]);
    return this.combine(target, freeze, snapshot, now);
  }

  /** The same for several targets, reading freezes and calendar once. */
  async all(targets: readonly string[], now = this.clock()): Promise<TargetFreezes[]> {
    const [freezes, snapshot] = await Promise.all([
      this.options.freezes.list(),
      targets.some((t) => this.calendarCovers(t)) ? this.readCalendar() : Promise.resolve(undefined),
    ]);
    const names = [...new Set([...targets, ...freezes.map((f) => f.target)])];
    return names.map((target) =>
      this.combine(
        target,
        freezes.find((f) => f.target === target) ?? null,
        this.calendarCovers(target) ? snapshot : undefined,
        now,
      ),
    );
  }

  /** Every freeze holding a target now, operator and calendar alike (a target may appear twice). */
  async list(targets: readonly string[], now = this.clock()): Promise<ActiveFreeze[]> {
    return (await this.all(targets, now)).flatMap((t) =>
      [t.operator, t.calendar].filter((f): f is ActiveFreeze => f !== null),
    );
  }

  private async readCalendar(): Promise<FreezeCalendarSnapshot | null> {
    return (await this.options.calendar?.read()) ?? null;
  }

  /** `snapshot` undefined: the calendar does not cover the target; null: covered but never read. */
  private combine(
    target: string,
    freeze: Freeze | null,
    snapshot: FreezeCalendarSnapshot | null | undefined,
    now: number,
  ): TargetFreezes {
    const operator: ActiveFreeze | null = freeze
      ? {
          kind: 'operator',
          target,
          reason: freeze.reason,
          until: freeze.until,
          by: freeze.by ?? null,
          since: freeze.frozenAt,
        }
      : null;
    let calendarView: CalendarView | null = null;
    let calendar: ActiveFreeze | null = null;
    if (snapshot !== undefined) {
      const at = freezeCalendarAt(snapshot?.periods ?? [], now);
      calendarView = {
        active: at.active,
        upcoming: at.upcoming,
        stale: snapshot?.stale ?? null,
        fetchedAt: snapshot?.fetchedAt ?? null,
        invalid: at.invalid.map((e) => e.message),
      };
      if (at.active)
        calendar = {
          kind: 'gitlab-calendar',
          target,
          reason: calendarFreezeReason(at.active.until),
          until: at.active.until,
          by: null,
          since: at.active.from,
        };
    }
    const effective =
      operator && calendar ? (endsLater(calendar, operator) ? calendar : operator) : (operator ?? calendar);
    return { target, operator, calendar, effective, calendarView };
  }
}
