import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitLabEmulator } from '@auto-promote/emulators';
import { GitLabClient } from '@auto-promote/gitlab';
import { manifest } from '../../support/stack';

const TOKEN = 'glpat-mr-calls-test';
const PROJECT = 'p2c/k8s-deployments';
let gitlab: GitLabEmulator;
let project: Awaited<ReturnType<GitLabEmulator['createProject']>>;

beforeAll(async () => {
  gitlab = await GitLabEmulator.start({ token: TOKEN });
  project = await gitlab.createProject({ path: PROJECT });
  await project.commit({
    branch: 'main',
    message: 'seed',
    files: { 'manifests/a/a.yaml': manifest('a', '1') },
  });
  await project.createBranch('stage', 'main');
});

afterAll(async () => {
  await gitlab.stop();
});

const client = () => new GitLabClient({ url: gitlab.url, token: TOKEN, timeoutMs: 2_000 });

async function openPromotionMr(branch: string, tag: string) {
  await project.createBranch(branch, 'stage');
  const sha = await project.commit({
    branch,
    message: `Promote a to stage: ${tag}`,
    files: { 'manifests/a/a.yaml': manifest('a', tag) },
  });
  const mr = await project.createMergeRequest({ sourceBranch: branch, targetBranch: 'stage', title: tag });
  return { mr, sha };
}

describe("GitLabClient's merge request calls (issue 17)", () => {
  it('finds merge requests by source and target branch, created after a time', async () => {
    const { mr } = await openPromotionMr('promote-stage-2', '2');
    await openPromotionMr('promote-stage-3', '3');
    const found = await client().findMergeRequests(PROJECT, {
      sourceBranch: 'promote-stage-2',
      targetBranch: 'stage',
      createdAfter: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(found).toEqual([
      {
        iid: mr.iid,
        state: 'opened',
        sourceBranch: 'promote-stage-2',
        targetBranch: 'stage',
        createdAt: mr.createdAt,
        mergedAt: null,
        mergeCommitSha: null,
        webUrl: `${gitlab.url}/${PROJECT}/-/merge_requests/${mr.iid}`,
      },
    ]);
    const later = new Date(Date.now() + 60_000).toISOString();
    expect(
      await client().findMergeRequests(PROJECT, {
        sourceBranch: 'promote-stage-2',
        targetBranch: 'stage',
        createdAfter: later,
      }),
    ).toEqual([]);
    expect(
      await client().findMergeRequests(PROJECT, { sourceBranch: 'promote-stage-2', targetBranch: 'main' }),
    ).toEqual([]);
  });

  it('reads one merge request and its commits, closes it, and reads a merged one', async () => {
    const { mr, sha } = await openPromotionMr('promote-stage-4', '4');
    expect(await client().mergeRequest(PROJECT, mr.iid)).toMatchObject({ iid: mr.iid, state: 'opened' });
    const commits = await client().mergeRequestCommits(PROJECT, mr.iid);
    expect(commits).toEqual([
      {
        sha,
        authorName: expect.any(String) as string,
        authorEmail: expect.any(String) as string,
        createdAt: expect.any(String) as string,
      },
    ]);
    expect(await client().closeMergeRequest(PROJECT, mr.iid)).toMatchObject({ iid: mr.iid, state: 'closed' });
    expect(await client().mergeRequest(PROJECT, 9_999)).toBeNull();

    const { mr: other } = await openPromotionMr('promote-stage-5', '5');
    const merged = await project.mergeMergeRequest(other.iid);
    expect(await client().mergeRequest(PROJECT, other.iid)).toMatchObject({
      state: 'merged',
      mergedAt: merged.mergedAt,
      mergeCommitSha: merged.mergeCommitSha,
    });
  });
});
