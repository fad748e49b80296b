import { describe, expect, it } from 'vitest';
import { quantile } from '@auto-promote/domain';

describe('quantile', () => {
  it('interpolates between closest ranks, whatever the input order', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
    expect(quantile([10, 1, 5], 0.5)).toBe(5);
  });

  it('gives the only value of one, the ends for 0 and 1, and null for none', () => {
    expect(quantile([42], 0.9)).toBe(42);
    expect(quantile([3, 1, 2], 0)).toBe(1);
    expect(quantile([3, 1, 2], 1)).toBe(3);
    expect(quantile([], 0.5)).toBeNull();
  });

  it('refuses a quantile outside 0..1', () => {
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
    expect(() => quantile([1], Number.NaN)).toThrow(RangeError);
  });
});
