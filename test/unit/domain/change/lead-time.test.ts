import { describe, expect, it } from 'vitest';
import { formatDuration, leadTimeReport, secondsBetween, type LeadTimeSample } from '@auto-promote/domain';

const sample = (app: string, target: string, lead: number, wait: number | null = null): LeadTimeSample => ({
  app,
  target,
  leadTimeSeconds: lead,
  reviewWaitSeconds: wait,
});

describe('leadTimeReport', () => {
  it('gives median, p90 and count per app and environment, sorted', () => {
    const minutes = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((m) => m * 60);
    const rows = leadTimeReport([
      ...minutes.map((s) => sample('web', 'prod', s, 60)),
      sample('api', 'stage', 300, 120),
      sample('api', 'stage', 100, null),
      sample('web', 'stage', 50, 30),
    ]);
    expect(rows).toEqual([
      {
        app: 'api',
        target: 'stage',
        count: 2,
        medianSeconds: 200,
        p90Seconds: 280,
        reviewWaitMedianSeconds: 120,
      },
      {
        app: 'web',
        target: 'prod',
        count: 10,
        medianSeconds: 3300,
        p90Seconds: 5460,
        reviewWaitMedianSeconds: 60,
      },
      {
        app: 'web',
        target: 'stage',
        count: 1,
        medianSeconds: 50,
        p90Seconds: 50,
        reviewWaitMedianSeconds: 30,
      },
    ]);
  });

  it('has no rows without samples', () => {
    expect(leadTimeReport([])).toEqual([]);
  });
});

describe('secondsBetween', () => {
  it('measures forward only, and not without both times', () => {
    expect(secondsBetween('2026-01-01T00:00:00Z', '2026-01-01T00:01:30Z')).toBe(90);
    expect(secondsBetween('2026-01-01T00:01:30Z', '2026-01-01T00:00:00Z')).toBeNull();
    expect(secondsBetween(null, '2026-01-01T00:00:00Z')).toBeNull();
    expect(secondsBetween('garbage', '2026-01-01T00:00:00Z')).toBeNull();
  });
});

describe('formatDuration', () => {
  it('reads like a person would say it', () => {
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(725)).toBe('12m 5s');
    expect(formatDuration(3 * 3600 + 4 * 60)).toBe('3h 4m');
    expect(formatDuration(2 * 86_400 + 3 * 3600)).toBe('2d 3h');
    expect(formatDuration(null)).toBe('n/a');
  });
});
