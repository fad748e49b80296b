import { describe, expect, it } from 'vitest';
import { COMPARE_FILE_LIMIT, isTruncated } from '@auto-promote/gitlab';

const diffs = (n: number, extra: Record<string, unknown> = {}) =>
  Array.from({ length: n }, (_, i) => ({ new_path: `manifests/app${i}/a.yaml`, ...extra }));

describe('isTruncated', () => {
  it('believes compare_timeout and overflow when GitLab sends them', () => {
    expect(isTruncated({ compare_timeout: true, diffs: diffs(3) })).toBe(true);
    expect(isTruncated({ overflow: true, diffs: diffs(3) })).toBe(true);
    expect(isTruncated({ compare_timeout: false, diffs: diffs(3) })).toBe(false);
  });

  it('takes a list as long as a diff-files limit for a cut one, also when compare_timeout is absent', () => {
    expect(isTruncated({ diffs: diffs(COMPARE_FILE_LIMIT - 1) })).toBe(false);
    expect(isTruncated({ diffs: diffs(COMPARE_FILE_LIMIT) })).toBe(true);
    expect(isTruncated({ compare_timeout: false, diffs: diffs(1_000) })).toBe(true);
  });

  it('takes diffs GitLab collapsed or found too large as past its safe limits', () => {
    expect(isTruncated({ diffs: [...diffs(2), { new_path: 'x', collapsed: true }] })).toBe(true);
    expect(isTruncated({ diffs: [...diffs(2), { new_path: 'x', too_large: true }] })).toBe(true);
    expect(isTruncated({ diffs: diffs(2, { collapsed: false, too_large: false }) })).toBe(false);
  });

  it('reads an answer without diffs as complete', () => {
    expect(isTruncated({ diffs: null })).toBe(false);
    expect(isTruncated({})).toBe(false);
  });
});
