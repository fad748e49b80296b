import { CronExpressionParser } from 'cron-parser';

/**
 * One of GitLab's Deploy Freeze periods (Settings → CI/CD → Deploy freezes): it starts whenever
 * `freezeStart` fires and ends at the next firing of `freezeEnd`, both cron expressions read in `cronTimezone`.
 */
export interface FreezePeriod {
  id: number;
  freezeStart: string;
  freezeEnd: string;
  cronTimezone: string;
}

/** A period's one occurrence: from a firing of its start to the next firing of its end. */
export interface FreezeWindow {
  periodId: number;
  /** When the start fired (ISO). */
  from: string;
  /** When the end fires (ISO): promotions go again from this instant. */
  until: string;
}

/** A period GitLab holds but whose cron or time zone cannot be read: it is reported, never guessed. */
export class InvalidFreezePeriodError extends Error {
  constructor(
    readonly periodId: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`freeze period ${periodId}: ${message}`, options);
    this.name = 'InvalidFreezePeriodError';
  }
}

/** Whether `zone` is an IANA time zone this runtime knows (GitLab validates `cron_timezone` the same way). */
export function isKnownTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function fire(period: FreezePeriod, cron: string, at: number, direction: 'prev' | 'next'): number {
  if (!isKnownTimeZone(period.cronTimezone))
    throw new InvalidFreezePeriodError(period.id, `unknown cron_timezone '${period.cronTimezone}'`);
  try {
    // prev() and next() are strict; a firing exactly at `at` counts as already fired, so prev starts 1 ms on.
    const expression = CronExpressionParser.parse(cron, {
      currentDate: new Date(direction === 'prev' ? at + 1 : at),
      tz: period.cronTimezone,
    });
    return (direction === 'prev' ? expression.prev() : expression.next()).getTime();
  } catch (error) {
    throw new InvalidFreezePeriodError(period.id, `cannot read cron '${cron}'`, { cause: error });
  }
}

/**
 * The last firing of `cron` at or before `now`. cron-parser's prev() skips a firing that falls into the hour
 * a spring-forward removes while next() moves it to just after the jump; walking next() from prev() makes both
 * agree, so a start in the skipped hour still starts that night.
 */
function lastFiring(period: FreezePeriod, cron: string, now: number): number {
  let last = fire(period, cron, now, 'prev');
  for (let step = 0; step < 4; step += 1) {
    const following = fire(period, cron, last, 'next');
    if (following > now) break;
    last = following;
  }
  return last;
}

/**
 * The window of `period` that holds `now`, or null. Like GitLab (Ci::FreezePeriod): the window opened at the
 * last firing of the start (at or before now) and lasts until the end's next firing after that; the end
 * instant itself is no longer frozen.
 */
export function activeFreezeWindow(period: FreezePeriod, now: number): FreezeWindow | null {
  const from = lastFiring(period, period.freezeStart, now);
  const until = fire(period, period.freezeEnd, from, 'next');
  if (!(from <= now && now < until)) return null;
  return { periodId: period.id, from: new Date(from).toISOString(), until: new Date(until).toISOString() };
}

/** The window of `period` that opens next after `now`. */
export function nextFreezeWindow(period: FreezePeriod, now: number): FreezeWindow {
  const from = fire(period, period.freezeStart, now, 'next');
  const until = fire(period, period.freezeEnd, from, 'next');
  return { periodId: period.id, from: new Date(from).toISOString(), until: new Date(until).toISOString() };
}

/** What a set of periods says at one instant. */
export interface CalendarAt {
  /** The active window that ends last (overlapping periods hold until the last of them ends); null = none. */
  active: FreezeWindow | null;
  /** The window that opens next after now (and after the active one), for `freezes`; null when none. */
  upcoming: FreezeWindow | null;
  /** Periods that could not be read, with why; they hold nothing. */
  invalid: InvalidFreezePeriodError[];
}

/**
 * Reads the calendar at `now`. Overlapping or back-to-back windows are chained: a window that opens before
 * (or when) the current one ends extends it, so `active.until` is when promotions really go again.
 */
export function freezeCalendarAt(periods: readonly FreezePeriod[], now: number): CalendarAt {
  const invalid: InvalidFreezePeriodError[] = [];
  const attempt = <T>(work: () => T): T | null => {
    try {
      return work();
    } catch (error) {
      if (error instanceof InvalidFreezePeriodError) {
        if (!invalid.some((e) => e.periodId === error.periodId)) invalid.push(error);
        return null;
      }
      throw error;
    }
  };
  let active: FreezeWindow | null = null;
  for (const period of periods) {
    const window = attempt(() => activeFreezeWindow(period, now));
    if (window && (!active || window.until > active.until)) active = window;
  }
  // Chain windows that open before the active one ends (bounded: a calendar has few periods).
  for (let round = 0; active && round < periods.length * 4; round += 1) {
    const end = Date.parse(active.until);
    let extended: FreezeWindow | null = null;
    for (const period of periods) {
      const window = attempt(() => activeFreezeWindow(period, end));
      if (window && Date.parse(window.until) > end && (!extended || window.until > extended.until))
        extended = window;
    }
    if (!extended) break;
    active = { ...active, until: extended.until };
  }
  const after = active ? Date.parse(active.until) : now;
  let upcoming: FreezeWindow | null = null;
  for (const period of periods) {
    const window = attempt(() => nextFreezeWindow(period, after));
    if (window && (!upcoming || window.from < upcoming.from)) upcoming = window;
  }
  return { active, upcoming, invalid };
}

/** The reason a promotion held by the calendar carries, e.g. "GitLab deploy freeze until 2026-12-07T07:00:00.000Z". */
export const calendarFreezeReason = (until: string): string => `GitLab deploy freeze until ${until}`;
