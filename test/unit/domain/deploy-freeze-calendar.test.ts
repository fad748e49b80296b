import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  activeFreezeWindow,
  calendarFreezeReason,
  freezeCalendarAt,
  isKnownTimeZone,
  nextFreezeWindow,
  type FreezePeriod,
} from '@auto-promote/domain';

const at = (iso: string) => Date.parse(iso);
// GitLab's documented example: Friday 23:00 to Monday 07:00.
const weekend: FreezePeriod = {
  id: 1,
  freezeStart: '0 23 * * 5',
  freezeEnd: '0 7 * * 1',
  cronTimezone: 'UTC',
};

describe('activeFreezeWindow', () => {
  it('holds over a weekend, from the start firing to the next end firing', () => {
    // 2026-12-05 is a Saturday.
    expect(activeFreezeWindow(weekend, at('2026-12-05T12:00:00Z'))).toEqual({
      periodId: 1,
      from: '2026-12-04T23:00:00.000Z',
      until: '2026-12-07T07:00:00.000Z',
    });
  });

  it('starts exactly at the start firing and is over exactly at the end firing', () => {
    expect(activeFreezeWindow(weekend, at('2026-12-04T23:00:00Z'))?.until).toBe('2026-12-07T07:00:00.000Z');
    expect(activeFreezeWindow(weekend, at('2026-12-04T22:59:59.999Z'))).toBeNull();
    expect(activeFreezeWindow(weekend, at('2026-12-07T06:59:59.999Z'))).not.toBeNull();
    expect(activeFreezeWindow(weekend, at('2026-12-07T07:00:00Z'))).toBeNull();
    expect(activeFreezeWindow(weekend, at('2026-12-09T12:00:00Z'))).toBeNull();
  });

  it('spans midnight: a nightly freeze 22:00–06:00', () => {
    const nightly: FreezePeriod = {
      id: 2,
      freezeStart: '0 22 * * *',
      freezeEnd: '0 6 * * *',
      cronTimezone: 'UTC',
    };
    expect(activeFreezeWindow(nightly, at('2026-12-03T23:30:00Z'))?.until).toBe('2026-12-04T06:00:00.000Z');
    expect(activeFreezeWindow(nightly, at('2026-12-04T02:00:00Z'))?.from).toBe('2026-12-03T22:00:00.000Z');
    expect(activeFreezeWindow(nightly, at('2026-12-04T12:00:00Z'))).toBeNull();
  });

  it('reads the crons in the period’s time zone', () => {
    const berlin: FreezePeriod = { ...weekend, cronTimezone: 'Europe/Berlin' };
    // Winter: Berlin is UTC+1, so Friday 23:00 there is 22:00 UTC.
    expect(activeFreezeWindow(berlin, at('2026-12-04T22:30:00Z'))).toEqual({
      periodId: 1,
      from: '2026-12-04T22:00:00.000Z',
      until: '2026-12-07T06:00:00.000Z',
    });
    expect(activeFreezeWindow(weekend, at('2026-12-04T22:30:00Z'))).toBeNull();
    const newYork: FreezePeriod = { ...weekend, cronTimezone: 'America/New_York' };
    expect(activeFreezeWindow(newYork, at('2026-12-05T03:30:00Z'))).toBeNull(); // Friday 22:30 there
    expect(activeFreezeWindow(newYork, at('2026-12-05T04:00:00Z'))?.until).toBe('2026-12-07T12:00:00.000Z');
  });

  it('Europe/Berlin spring forward: a weekend freeze ending on the Monday after is one hour shorter in UTC', () => {
    // 2026-03-29 (Sunday) 02:00 CET → 03:00 CEST.
    const berlin: FreezePeriod = { ...weekend, cronTimezone: 'Europe/Berlin' };
    expect(activeFreezeWindow(berlin, at('2026-03-29T12:00:00Z'))).toEqual({
      periodId: 1,
      from: '2026-03-27T22:00:00.000Z', // Friday 23:00 CET
      until: '2026-03-30T05:00:00.000Z', // Monday 07:00 CEST
    });
  });

  it('Europe/Berlin fall back: the end is read after the clocks went back', () => {
    // 2026-10-25 (Sunday) 03:00 CEST → 02:00 CET.
    const berlin: FreezePeriod = { ...weekend, cronTimezone: 'Europe/Berlin' };
    expect(activeFreezeWindow(berlin, at('2026-10-25T12:00:00Z'))).toEqual({
      periodId: 1,
      from: '2026-10-23T21:00:00.000Z', // Friday 23:00 CEST
      until: '2026-10-26T06:00:00.000Z', // Monday 07:00 CET
    });
  });

  it('Europe/Berlin: a freeze starting in the skipped hour of spring forward still starts that night', () => {
    const skipped: FreezePeriod = {
      id: 3,
      freezeStart: '30 2 * * *',
      freezeEnd: '0 5 * * *',
      cronTimezone: 'Europe/Berlin',
    };
    const window = activeFreezeWindow(skipped, at('2026-03-29T02:00:00Z')); // 04:00 CEST
    expect(window?.until).toBe('2026-03-29T03:00:00.000Z'); // 05:00 CEST
    expect(Date.parse(window?.from ?? '')).toBeLessThanOrEqual(at('2026-03-29T02:00:00Z'));
    expect(Date.parse(window?.from ?? '')).toBeGreaterThan(at('2026-03-28T23:00:00Z'));
  });

  it('a started period whose end has not fired yet holds until that end', () => {
    const monthEnd: FreezePeriod = {
      id: 4,
      freezeStart: '0 0 28 12 *',
      freezeEnd: '0 0 2 1 *',
      cronTimezone: 'UTC',
    };
    expect(activeFreezeWindow(monthEnd, at('2026-12-31T23:59:00Z'))?.until).toBe('2027-01-02T00:00:00.000Z');
    expect(nextFreezeWindow(monthEnd, at('2026-12-03T15:00:00Z'))).toEqual({
      periodId: 4,
      from: '2026-12-28T00:00:00.000Z',
      until: '2027-01-02T00:00:00.000Z',
    });
  });

  it('property: a window holds now, and is no longer active at its end', () => {
    const crons = fc.constantFrom('0 23 * * 5', '0 7 * * 1', '30 2 * * *', '0 6 * * *', '15 */3 * * *');
    const zones = fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata');
    fc.assert(
      fc.property(
        crons,
        crons,
        zones,
        fc.integer({ min: at('2024-01-01T00:00:00Z'), max: at('2028-01-01T00:00:00Z') }),
        (freezeStart, freezeEnd, cronTimezone, now) => {
          const period = { id: 9, freezeStart, freezeEnd, cronTimezone };
          const window = activeFreezeWindow(period, now);
          if (window === null) return;
          expect(Date.parse(window.from)).toBeLessThanOrEqual(now);
          expect(Date.parse(window.until)).toBeGreaterThan(now);
          expect(activeFreezeWindow(period, Date.parse(window.until))?.from ?? null).not.toBe(window.from);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('freezeCalendarAt', () => {
  it('picks the active window that ends last, and chains windows that overlap it', () => {
    const nightly: FreezePeriod = {
      id: 2,
      freezeStart: '0 22 * * *',
      freezeEnd: '0 6 * * *',
      cronTimezone: 'UTC',
    };
    const morning: FreezePeriod = {
      id: 5,
      freezeStart: '0 5 * * *',
      freezeEnd: '0 9 * * *',
      cronTimezone: 'UTC',
    };
    const calendar = freezeCalendarAt([nightly, morning], at('2026-12-03T23:00:00Z'));
    expect(calendar.active).toEqual({
      periodId: 2,
      from: '2026-12-03T22:00:00.000Z',
      until: '2026-12-04T09:00:00.000Z',
    });
    expect(calendar.upcoming?.from).toBe('2026-12-04T22:00:00.000Z');
    expect(calendar.invalid).toEqual([]);
  });

  it('says what comes next when nothing holds now', () => {
    const calendar = freezeCalendarAt([weekend], at('2026-12-03T15:00:00Z'));
    expect(calendar.active).toBeNull();
    expect(calendar.upcoming).toEqual({
      periodId: 1,
      from: '2026-12-04T23:00:00.000Z',
      until: '2026-12-07T07:00:00.000Z',
    });
    expect(freezeCalendarAt([], at('2026-12-03T15:00:00Z'))).toEqual({
      active: null,
      upcoming: null,
      invalid: [],
    });
  });

  it('reports an unreadable period instead of guessing, and still reads the others', () => {
    const broken: FreezePeriod = {
      id: 7,
      freezeStart: '0 0 0 * *',
      freezeEnd: '0 7 * * 1',
      cronTimezone: 'UTC',
    };
    const badZone: FreezePeriod = { ...weekend, id: 8, cronTimezone: 'Mars/Olympus' };
    const calendar = freezeCalendarAt([broken, badZone, weekend], at('2026-12-05T12:00:00Z'));
    expect(calendar.active?.periodId).toBe(1);
    expect(calendar.invalid.map((e) => [e.periodId, e.message])).toEqual([
      [7, "freeze period 7: cannot read cron '0 0 0 * *'"],
      [8, "freeze period 8: unknown cron_timezone 'Mars/Olympus'"],
    ]);
  });
});

describe('helpers', () => {
  it('knows IANA zones and names the calendar reason', () => {
    expect(isKnownTimeZone('Europe/Berlin')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
    expect(isKnownTimeZone('')).toBe(false);
    expect(calendarFreezeReason('2026-12-07T07:00:00.000Z')).toBe(
      'GitLab deploy freeze until 2026-12-07T07:00:00.000Z',
    );
  });
});
