import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cappedBackoff, cappedBackoffSettings, CAPPED_BACKOFF } from '@auto-promote/queues';

describe('cappedBackoff', () => {
  it('doubles from the base and never exceeds the cap', () => {
    const max = () => 1; // the random half at its largest
    expect([1, 2, 3, 4].map((n) => cappedBackoff(n, 1_000, 60_000, max))).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
    expect(cappedBackoff(50, 1_000, 60_000, max)).toBe(60_000);
  });

  it('stays between half the capped delay and the capped delay', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (n, r) => {
          const delay = cappedBackoff(n, 1_000, 60_000, () => r);
          const capped = Math.min(1_000 * 2 ** Math.min(n - 1, 30), 60_000);
          return delay >= capped / 2 && delay <= capped;
        },
      ),
    );
  });

  it('is what workers use for jobs with the capped backoff type', () => {
    const { backoffStrategy } = cappedBackoffSettings(500);
    expect(backoffStrategy(30, CAPPED_BACKOFF)).toBeLessThanOrEqual(500);
    expect(backoffStrategy(3, 'other')).toBe(1_000);
  });
});
