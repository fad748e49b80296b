import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSafeAppName } from '../../../libs/domain/src/app-name';
import { appDirOf, changedApps, changedAppsFromCommits } from '../../../libs/domain/src/changed-apps';
import type { ChangedPath } from '../../../libs/domain/src/changed-path';
import { InvalidAppsDirError } from '../../../libs/domain/src/errors/invalid-apps-dir-error';

const rename = (oldPath: string, newPath: string): ChangedPath => ({ oldPath, newPath });

describe('changedApps', () => {
  it.each<[string, ChangedPath[], string[]]>([
    ['one file of one app', ['manifests/example-app/deployment.yaml'], ['example-app']],
    ['nested file', ['manifests/example-app/base/overlays/x.yaml'], ['example-app']],
    ['several apps, sorted and unique', ['manifests/b/x', 'manifests/a/x', 'manifests/b/y'], ['a', 'b']],
    ['file directly in appsDir is not an app', ['manifests/README.md'], []],
    ['paths outside appsDir ignored', ['env.cue', 'README.md', 'other/a/x'], []],
    ['manifestsX/ is not manifests/', ['manifestsX/a/x', 'manifests-old/a/x', 'manifests.bak/a/x'], []],
    ['appsDir itself is not an app', ['manifests'], []],
    ['rename inside an app', [rename('manifests/a/x', 'manifests/a/y')], ['a']],
    [
      'rename between apps: both count',
      [rename('manifests/old-app/x', 'manifests/new-app/x')],
      ['new-app', 'old-app'],
    ],
    ['rename into manifests', [rename('tmp/a/x', 'manifests/a/x')], ['a']],
    ['rename out of manifests', [rename('manifests/a/x', 'archive/a/x')], ['a']],
    [
      'deletion counts',
      [{ oldPath: 'manifests/gone/x', newPath: 'manifests/gone/x', deleted: true }],
      ['gone'],
    ],
    ['new file counts', [{ oldPath: 'manifests/new/x', newPath: 'manifests/new/x', newFile: true }], ['new']],
    ['63-char name accepted', [`manifests/${'a'.repeat(63)}/x`], ['a'.repeat(63)]],
    ['case is kept', ['manifests/ExampleApp/x', 'manifests/exampleapp/x'], ['ExampleApp', 'exampleapp']],
    ['no changes', [], []],
  ])('%s', (_label, changes, apps) => {
    const result = changedApps(changes);
    expect(result.apps).toEqual(apps);
    expect(result.rejected).toEqual([]);
  });

  it.each<[string, string, string]>([
    ['parent dir', 'manifests/../etc/passwd', "contains '..'"],
    ['hidden dir', 'manifests/.hidden/x', 'does not start with a letter or digit'],
    ['space', 'manifests/a b/x', 'characters other than'],
    ['empty segment', 'manifests//x', 'is empty'],
    ['unicode', 'manifests/приложение/x', 'does not start with a letter or digit'],
    ['unicode inside', 'manifests/café/x', 'characters other than'],
    ['64 chars', `manifests/${'a'.repeat(64)}/x`, 'longer than 63'],
    ['leading dash', 'manifests/-rf/x', 'does not start'],
    ['colon', 'manifests/a:b/x', 'characters other than'],
    ['dot dot inside', 'manifests/a..b/x', "contains '..'"],
    ['newline', 'manifests/a\nb/x', 'characters other than'],
  ])('rejects %s: %j', (_label, path, reason) => {
    const result = changedApps([path, 'manifests/good/x']);
    expect(result.apps).toEqual(['good']);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]?.reason).toContain(reason);
    expect(result.rejected[0]?.name).toBe(
      path.slice('manifests/'.length, path.indexOf('/', 'manifests/'.length)),
    );
  });

  it('deduplicates and sorts rejected names', () => {
    const result = changedApps(['manifests/z z/1', 'manifests/z z/2', 'manifests/.a/x', 'manifests/z z/3']);
    expect(result.rejected.map((r) => r.name)).toEqual(['.a', 'z z']);
  });

  it.each([
    ['nested appsDir', 'deploy/manifests', ['deploy/manifests/a/x', 'manifests/b/x', 'deploy/c/x'], ['a']],
    ['trailing slash', 'manifests/', ['manifests/a/x'], ['a']],
    ['leading ./ and slashes', './deploy//manifests/', ['deploy/manifests/a/x'], ['a']],
    ['another name', 'apps', ['apps/a/x', 'manifests/b/x'], ['a']],
    ['nested dir: file directly in it', 'deploy/manifests', ['deploy/manifests/README.md'], []],
  ])('appsDir: %s', (_label, appsDir, paths, apps) => {
    expect(changedApps(paths, appsDir).apps).toEqual(apps);
  });

  it('rejects an appsDir that escapes the repository', () => {
    expect(() => changedApps(['x'], '../x')).toThrow(InvalidAppsDirError);
  });

  it('property: an accepted app name always matches the safe-segment rule', () => {
    const segment = fc.oneof(
      fc.string({ maxLength: 70 }),
      fc.constantFrom('..', '.', '', 'a b', 'ok', '.hidden', 'é'),
    );
    const path = fc.oneof(
      fc.array(segment, { maxLength: 4 }).map((s) => s.join('/')),
      fc.tuple(segment, segment).map(([a, b]) => `manifests/${a}/${b}`),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            path,
            fc.tuple(path, path).map(([o, n]) => rename(o, n)),
          ),
        ),
        (changes) => {
          const { apps, rejected } = changedApps(changes);
          for (const app of apps) {
            expect(isSafeAppName(app)).toBe(true);
            expect(app).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/);
            expect(app).not.toContain('..');
          }
          for (const r of rejected) expect(isSafeAppName(r.name)).toBe(false);
          expect(new Set(apps).size).toBe(apps.length);
          expect([...apps].sort()).toEqual(apps);
          expect(new Set(rejected.map((r) => r.name)).size).toBe(rejected.length);
        },
      ),
    );
  });

  it('property: order of changes does not matter', () => {
    const path = fc.constantFrom(
      'manifests/a/x',
      'manifests/b/y',
      'manifests/c c/z',
      'env.cue',
      'manifests/r.md',
    );
    fc.assert(
      fc.property(fc.array(path), (paths) => {
        expect(changedApps([...paths].reverse())).toEqual(changedApps(paths));
      }),
    );
  });
});

describe('appDirOf', () => {
  it.each([
    ['manifests/a/x', 'manifests', 'a'],
    ['manifests/a', 'manifests', null],
    ['manifestsX/a/x', 'manifests', null],
    ['x/manifests/a/b', 'manifests', null],
    ['deploy/manifests/a/b', 'deploy/manifests', 'a'],
  ])('appDirOf(%j, %j) = %j', (path, dir, app) => {
    expect(appDirOf(path, dir)).toBe(app);
  });
});

describe('changedAppsFromCommits', () => {
  it('uses added, modified and removed of every commit', () => {
    const result = changedAppsFromCommits([
      { added: ['manifests/a/x'], modified: [], removed: [] },
      { added: [], modified: ['manifests/b/x', 'env.cue'], removed: ['manifests/c/x'] },
      { added: [], modified: [], removed: ['manifests/.bad/x'] },
    ]);
    expect(result.apps).toEqual(['a', 'b', 'c']);
    expect(result.rejected.map((r) => r.name)).toEqual(['.bad']);
  });

  it('takes an appsDir', () => {
    expect(
      changedAppsFromCommits([{ added: ['deploy/m/a/x'], modified: [], removed: [] }], 'deploy/m/').apps,
    ).toEqual(['a']);
  });
});
