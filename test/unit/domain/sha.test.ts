import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSha, isZeroSha, shortSha } from '../../../libs/domain/src/sha';

describe('isZeroSha', () => {
  it.each([
    ['40 zeros (SHA-1)', '0'.repeat(40), true],
    ['64 zeros (SHA-256)', '0'.repeat(64), true],
    ['short zeros still match /^0+$/', '0000', true],
    ['empty string', '', false],
    ['a real sha', 'a'.repeat(40), false],
    ['zeros with one digit', '0'.repeat(39) + '1', false],
    ['zeros with a trailing newline', '0'.repeat(40) + '\n', false],
  ])('%s', (_label, input, expected) => {
    expect(isZeroSha(input)).toBe(expected);
  });
});

describe('isSha', () => {
  it.each([
    ['40 lowercase hex', 'abcdef0123'.repeat(4), true],
    ['64 lowercase hex', 'abcdef0123456789'.repeat(4), true],
    ['40 zeros', '0'.repeat(40), true],
    ['39 chars', 'a'.repeat(39), false],
    ['41 chars', 'a'.repeat(41), false],
    ['50 chars', 'a'.repeat(50), false],
    ['uppercase', 'A'.repeat(40), false],
    ['non-hex', 'g'.repeat(40), false],
    ['empty', '', false],
  ])('%s', (_label, input, expected) => {
    expect(isSha(input)).toBe(expected);
  });

  it('accepts exactly the 40/64 lowercase hex strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789abcdefA'), maxLength: 70 }), (s) => {
        expect(isSha(s)).toBe((s.length === 40 || s.length === 64) && !s.includes('A'));
      }),
    );
  });
});

describe('shortSha', () => {
  it.each([
    ['a 40-char sha', 'abcdef0123'.repeat(4), 'abcdef01'],
    ['a 64-char sha', '0123456789abcdef'.repeat(4), '01234567'],
    ['a short string stays as is', 'abc', 'abc'],
  ])('%s', (_label, input, expected) => {
    expect(shortSha(input)).toBe(expected);
  });
});
