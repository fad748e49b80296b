import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitLabEmulator } from '@auto-promote/emulators';
import {
  GitLabClient,
  GitLabNotFoundError,
  GitLabPermanentError,
  GitLabUnavailableError,
} from '@auto-promote/gitlab';
import { manifest } from '../../support/stack';

const TOKEN = 'glpat-client-test';
let gitlab: GitLabEmulator;
let project: Awaited<ReturnType<GitLabEmulator['createProject']>>;
let first: string;
let second: string;

beforeAll(async () => {
  gitlab = await GitLabEmulator.start({ token: TOKEN });
  project = await gitlab.createProject({ path: 'p2c/k8s-deployments' });
  first = await project.commit({
    branch: 'main',
    message: 'seed',
    files: { 'manifests/a/a.yaml': manifest('a', '1') },
  });
  second = await project.commit({
    branch: 'main',
    message: 'move a to b, add c',
    files: {
      'manifests/a/a.yaml': null,
      'manifests/b/a.yaml': manifest('a', '1'),
      'manifests/c/c.yaml': manifest('c', '2'),
    },
  });
});

afterAll(async () => {
  await gitlab.stop();
});

const client = (token = TOKEN) => new GitLabClient({ url: gitlab.url, token, timeoutMs: 2_000 });

describe('GitLabClient against the GitLab emulator', () => {
  it('compares two commits straight and lists renames with both paths', async () => {
    const result = await client().compare('p2c/k8s-deployments', first, second);
    expect(result.truncated).toBe(false);
    const paths = result.changes.flatMap((c) => [c.oldPath, c.newPath]);
    expect(paths).toEqual(
      expect.arrayContaining(['manifests/a/a.yaml', 'manifests/b/a.yaml', 'manifests/c/c.yaml']),
    );
    expect(result.commits.map((c) => c.id)).toEqual([second]);
  });

  it('reads trees and files, and answers null for what does not exist', async () => {
    const gl = client();
    const tree = await gl.tree(project.id, 'manifests', second);
    expect(tree?.map((e) => e.name).sort()).toEqual(['b', 'c']);
    expect(await gl.tree(project.id, 'manifests/a', second)).toBeNull();
    expect(await gl.rawFile(project.id, 'manifests/c/c.yaml', second)).toContain(':2');
    expect(await gl.rawFile(project.id, 'manifests/a/a.yaml', second)).toBeNull();
    expect(await gl.branchHead(project.id, 'main')).toBe(second);
    expect(await gl.branchHead(project.id, 'nope')).toBeNull();
  });

  it('classifies a rejected token as permanent, with a hint and without the token', async () => {
    const error = await client('wrong-token')
      .compare(project.id, first, second)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitLabPermanentError);
    expect((error as GitLabPermanentError).status).toBe(401);
    expect((error as Error).message).toContain('GITLAB_TOKEN');
    expect(JSON.stringify(error)).not.toContain('wrong-token');
  });

  it('classifies an unknown project or commit as not found', async () => {
    await expect(client().compare('p2c/missing', first, second)).rejects.toBeInstanceOf(GitLabNotFoundError);
    await expect(client().compare(project.id, first, 'f'.repeat(40))).rejects.toBeInstanceOf(
      GitLabNotFoundError,
    );
  });

  it.each([
    ['down', { mode: 'down' as const }],
    ['refusing connections', { mode: 'refuse' as const }],
  ])('classifies GitLab %s as unavailable', async (_name, fault) => {
    gitlab.faults.set(fault);
    try {
      await expect(client().compare(project.id, first, second)).rejects.toBeInstanceOf(
        GitLabUnavailableError,
      );
    } finally {
      gitlab.faults.reset();
    }
  });
});
