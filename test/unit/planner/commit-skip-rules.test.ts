import { describe, expect, it } from 'vitest';
import { GitLabNotFoundError, type ChangedPath } from '@auto-promote/gitlab';
import { optedOutApps } from '@auto-promote/planner';

const sha = (n: number) => String(n).repeat(40).slice(0, 40);
const path = (p: string): ChangedPath => ({ oldPath: p, newPath: p, newFile: false, deleted: false });

/** A GitLab that knows the diffs given and answers 404 for any other commit. */
const gitlab = (diffs: Record<string, string[]>) => ({
  commitDiff: (_project: string | number, id: string): Promise<ChangedPath[]> =>
    id in diffs
      ? Promise.resolve(diffs[id]!.map(path))
      : Promise.reject(new GitLabNotFoundError(`get commit diff: not found (${id})`)),
});

describe('optedOutApps', () => {
  const marked = { id: sha(1), parentIds: [sha(0)], message: 'tune a [no-promote]' };
  const unmarked = { id: sha(2), parentIds: [sha(1)], message: 'bump b' };

  it('opts an app out when only a marked commit changed it', async () => {
    const known = gitlab({ [sha(1)]: ['manifests/a/a.yaml'], [sha(2)]: ['manifests/b/b.yaml'] });
    const result = await optedOutApps(known, 1, 'manifests', [marked, unmarked], ['a', 'b']);
    expect([...result.reasons.keys()]).toEqual(['a']);
    expect(result.degraded).toBeNull();
  });

  it('promotes, and says why, when GitLab does not know a marked commit (404)', async () => {
    const result = await optedOutApps(
      gitlab({ [sha(2)]: ['manifests/b/b.yaml'] }),
      1,
      'manifests',
      [marked, unmarked],
      ['a', 'b'],
    );
    expect(result.reasons.size).toBe(0);
    expect(result.degraded).toBe(
      `skip markers not applied: GitLab does not know the diff of ${sha(1).slice(0, 8)} (404)`,
    );
  });

  it('promotes, and says why, when an unmarked commit that may have touched the app is unknown', async () => {
    const result = await optedOutApps(
      gitlab({ [sha(1)]: ['manifests/a/a.yaml'] }),
      1,
      'manifests',
      [marked, unmarked],
      ['a'],
    );
    expect(result.reasons.size).toBe(0);
    expect(result.degraded).toContain(sha(2).slice(0, 8));
  });
});
