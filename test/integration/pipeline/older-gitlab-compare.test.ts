import { afterEach, describe, expect, it } from 'vitest';
import { promotionId } from '@auto-promote/domain';
import { COMPARE_FILE_LIMIT } from '@auto-promote/gitlab';
import { manifest, SECRETS, startStack, type Stack } from '../../support/stack';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

const idFor = (app: string, sha: string) => promotionId({ app, sourceEnv: 'dev', targetEnv: 'stage', sha });

describe('an older GitLab (no compare_timeout)', () => {
  it('never misses an app on an older GitLab that cuts the compare without compare_timeout', async () => {
    stack = await startStack({
      name: 'truncated-older',
      apps: { a1: '1', a2: '1', a3: '1' },
      gitlab: { olderGitLab: true, compareMaxFiles: COMPARE_FILE_LIMIT },
    });
    const s = stack;
    // a1's many files come first in the diff and fill it; a2 and a3 fall past the limit.
    const files: Record<string, string> = { 'manifests/a1/a1.yaml': manifest('a1', '2') };
    for (let i = 0; i < COMPARE_FILE_LIMIT + 10; i += 1) files[`manifests/a1/config-${i}.yaml`] = `n: ${i}\n`;
    for (const app of ['a2', 'a3']) files[`manifests/${app}/${app}.yaml`] = manifest(app, '2');
    const before = s.project.branchHead('dev')!;
    const sha = await s.project.commit({ branch: 'dev', files, message: 'many files' });
    const compare = await fetch(
      `${s.gitlab.url}/api/v4/projects/${s.project.id}/repository/compare?from=${before}&to=${sha}`,
      { headers: { 'PRIVATE-TOKEN': SECRETS.gitlabToken } },
    ).then((r) => r.json() as Promise<Record<string, unknown>>);
    expect(compare).not.toHaveProperty('compare_timeout');
    expect(compare['diffs']).toHaveLength(COMPARE_FILE_LIMIT);
    const records = await s.settled(['a1', 'a2', 'a3'].map((app) => idFor(app, sha)));
    expect(records.map((r) => [r.app, r.status, r.imageTag])).toEqual([
      ['a1', 'succeeded', '2'],
      ['a2', 'succeeded', '2'],
      ['a3', 'succeeded', '2'],
    ]);
    expect(s.logs.text).toContain('GitLab truncated the compare');
  });
});
