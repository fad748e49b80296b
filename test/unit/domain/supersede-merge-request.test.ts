import { describe, expect, it } from 'vitest';
import { mayCloseSuperseded, type PromotionMergeRequest, type SupersedeFacts } from '@auto-promote/domain';

const openedAt = '2026-12-03T10:00:00.000Z';
const older: PromotionMergeRequest = {
  iid: 7,
  url: 'https://gitlab.example.com/p2c/k8s-deployments/-/merge_requests/7',
  state: 'opened',
  sourceBranch: 'promote-stage-1.0.0',
  openedAt,
  mergedAt: null,
  mergeCommitSha: null,
  reason: null,
};
const jobCommit = {
  sha: 'a'.repeat(40),
  authorName: 'Jenkins',
  authorEmail: 'jenkins@example.com',
  createdAt: '2026-12-03T09:59:58.000Z',
};
const facts = (over: Partial<SupersedeFacts> = {}): SupersedeFacts => ({
  older,
  currentState: 'opened',
  commits: [jobCommit],
  botAuthors: ['jenkins@example.com'],
  skewMs: 60_000,
  ...over,
});

describe('may a superseded merge request be closed', () => {
  it('closes an open one only the job committed to', () => {
    expect(mayCloseSuperseded(facts())).toEqual({ close: true });
  });

  it.each(['merged', 'closed', 'locked'])('never closes one that is %s in GitLab', (state) => {
    expect(mayCloseSuperseded(facts({ currentState: state }))).toEqual({
      close: false,
      reason: `merge request !7 is ${state}`,
    });
  });

  it('never closes one a human committed to', () => {
    const human = { ...jobCommit, sha: 'b'.repeat(40), authorName: 'Jane', authorEmail: 'jane@example.com' };
    expect(mayCloseSuperseded(facts({ commits: [human, jobCommit] }))).toEqual({
      close: false,
      reason: "commit bbbbbbbb by Jane is not the job's",
    });
  });

  it("never closes one with a commit made after it was opened, even by the job's author", () => {
    const late = { ...jobCommit, sha: 'c'.repeat(40), createdAt: '2026-12-03T10:05:00.000Z' };
    expect(mayCloseSuperseded(facts({ commits: [late, jobCommit] }))).toMatchObject({
      close: false,
      reason: expect.stringContaining('after the merge request was opened') as string,
    });
  });

  it('tolerates the clock skew between the job and GitLab', () => {
    const skewed = { ...jobCommit, createdAt: '2026-12-03T10:00:30.000Z' };
    expect(mayCloseSuperseded(facts({ commits: [skewed] }))).toEqual({ close: true });
  });

  it('has nothing to close when no merge request was recorded', () => {
    expect(mayCloseSuperseded(facts({ older: { ...older, iid: null, state: 'none' } }))).toMatchObject({
      close: false,
    });
  });
});
