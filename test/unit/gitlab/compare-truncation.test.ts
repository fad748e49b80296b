import { describe, expect, it } from 'vitest';
import { COMPARE_FILE_LIMIT, isTruncated } from '@auto-promote/gitlab';

describe('isTruncated', () => {
  it('believes compare_timeout when GitLab sends it', () => {
    expect(isTruncated(true, 3)).toBe(true);
    expect(isTruncated(false, 3)).toBe(false);
  });

  it('takes a list as long as a diff-files limit for a cut one, also when compare_timeout is absent', () => {
    expect(isTruncated(undefined, COMPARE_FILE_LIMIT - 1)).toBe(false);
    expect(isTruncated(undefined, COMPARE_FILE_LIMIT)).toBe(true);
    expect(isTruncated(false, 1_000)).toBe(true);
  });
});
