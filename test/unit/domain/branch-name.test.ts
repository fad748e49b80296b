import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { branchNameProblem, isValidBranchName } from '../../../libs/domain/src/branch-name';

describe('isValidBranchName', () => {
  it.each([
    ['dev'],
    ['stage'],
    ['env/dev'],
    ['release-1.2'],
    ['feature/JIRA-1_x'],
    ['prod+eu'],
    ['ümlaut'],
    ['a@b'],
  ])('accepts %j', (name) => {
    expect(isValidBranchName(name)).toBe(true);
  });

  it.each([
    ['', 'is empty'],
    ['a b', 'space'],
    ['a\tb', 'control'],
    ['a\u0000b', 'control'],
    ['a\u007fb', 'control'],
    ['a:b', '~^:?*['],
    ['a~1', '~^:?*['],
    ['a^', '~^:?*['],
    ['a?', '~^:?*['],
    ['a*', '~^:?*['],
    ['a[b', '~^:?*['],
    ['a\\b', '~^:?*['],
    ['a..b', "'..'"],
    ['a@{1}', "'@{'"],
    ['@', 'reserved'],
    ['HEAD', 'reserved'],
    ['-dev', "starts with '-'"],
    ['/dev', "'/'"],
    ['dev/', "'/'"],
    ['dev.', "ends with '.'"],
    ['env//dev', "'//'"],
    ['.hidden', "starting with '.'"],
    ['env/.dev', "starting with '.'"],
    ['dev.lock', '.lock'],
    ['dev.lock/x', '.lock'],
  ])('rejects %j (%s)', (name, fragment) => {
    expect(isValidBranchName(name)).toBe(false);
    expect(branchNameProblem(name)).toContain(fragment);
  });

  it('never accepts a name with a colon, space or double dot', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        if (isValidBranchName(s)) {
          expect(s).not.toMatch(/[: ]|\.\./);
        }
      }),
    );
  });
});
