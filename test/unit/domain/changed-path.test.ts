import { describe, expect, it } from 'vitest';
import { changedPathFromDiff, pathsOf } from '../../../libs/domain/src/changed-path';

describe('pathsOf', () => {
  it.each([
    ['a plain string', 'manifests/a/x.yaml', ['manifests/a/x.yaml']],
    ['a modification', { oldPath: 'm/a/x', newPath: 'm/a/x' }, ['m/a/x']],
    ['a rename (both sides)', { oldPath: 'm/a/x', newPath: 'm/b/x' }, ['m/a/x', 'm/b/x']],
    ['a deletion', { oldPath: 'm/a/x', newPath: 'm/a/x', deleted: true }, ['m/a/x']],
  ])('%s', (_label, change, paths) => {
    expect(pathsOf(change)).toEqual(paths);
  });
});

describe('changedPathFromDiff', () => {
  it('maps GitLab snake_case fields', () => {
    expect(
      changedPathFromDiff({
        old_path: 'a',
        new_path: 'b',
        new_file: false,
        deleted_file: false,
        renamed_file: true,
      }),
    ).toEqual({ oldPath: 'a', newPath: 'b', deleted: false, newFile: false });
    expect(changedPathFromDiff({ old_path: 'a', new_path: 'a', deleted_file: true })).toEqual({
      oldPath: 'a',
      newPath: 'a',
      deleted: true,
      newFile: false,
    });
  });
});
