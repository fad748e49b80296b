import { describe, expect, it } from 'vitest';
import { normalizeAppsDir } from '../../../libs/domain/src/apps-dir';
import { InvalidAppsDirError } from '../../../libs/domain/src/errors/invalid-apps-dir-error';

describe('normalizeAppsDir', () => {
  it.each([
    ['manifests', 'manifests'],
    ['manifests/', 'manifests'],
    ['/manifests//', 'manifests'],
    ['./manifests', 'manifests'],
    ['  manifests  ', 'manifests'],
    ['deploy/manifests', 'deploy/manifests'],
    ['deploy//manifests/', 'deploy/manifests'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeAppsDir(input)).toBe(expected);
  });

  it.each([[''], ['/'], ['  '], ['..'], ['../manifests'], ['deploy/../x'], ['deploy/./x'], ['.']])(
    'rejects %j',
    (input) => {
      expect(() => normalizeAppsDir(input)).toThrow(InvalidAppsDirError);
    },
  );
});
