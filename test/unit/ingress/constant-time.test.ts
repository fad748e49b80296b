import { describe, expect, it } from 'vitest';
import { matchesAnySecret } from '@auto-promote/ingress';

describe('matchesAnySecret', () => {
  it.each([
    ['secret', ['secret'], true],
    ['new', ['old', 'new'], true],
    ['secret ', ['secret'], false],
    ['', ['secret'], false],
    [undefined, ['secret'], false],
    ['', [''], false],
    ['Secret', ['secret'], false],
    ['secret-but-longer', ['secret'], false],
  ])('%j against %j → %s', (presented, accepted, expected) => {
    expect(matchesAnySecret(presented, accepted)).toBe(expected);
  });
});
