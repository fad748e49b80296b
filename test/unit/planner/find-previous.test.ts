import { describe, expect, it } from 'vitest';
import type { MergeRequestRef } from '@auto-promote/gitlab';
import { createLogger } from '@auto-promote/observability';
import { findPrevious, type PreviousLookup } from '@auto-promote/planner';

const MERGE = 'c'.repeat(40);
const STAGE = `web~dev~stage~${'a'.repeat(40)}`;

function mr(
  iid: number,
  targetBranch: string,
  state: string,
  mergeCommitSha: string | null = null,
): MergeRequestRef {
  return {
    iid,
    state,
    sourceBranch: `promote-${iid}`,
    targetBranch,
    sha: null,
    mergeCommitSha,
    squashCommitSha: null,
    webUrl: null,
  };
}

function lookup(options: {
  byCommit?: Record<string, string>;
  byIid?: Record<number, string>;
  gitlab?: MergeRequestRef[] | Error;
  range?: string[];
}): PreviousLookup & { asked: string[]; commitsLooked: string[][] } {
  const asked: string[] = [];
  const commitsLooked: string[][] = [];
  return {
    asked,
    commitsLooked,
    isTarget: (branch) => branch === 'stage' || branch === 'prod',
    range: () => options.range ?? [],
    log: createLogger({ level: 'silent' }),
    chains: {
      previousByMergeCommit: (_app, _env, shas) => {
        commitsLooked.push([...shas]);
        return Promise.resolve(shas.map((s) => options.byCommit?.[s]).find((id) => id !== undefined) ?? null);
      },
      previousByMergeRequests: (_app, _env, iids) =>
        Promise.resolve(iids.map((i) => options.byIid?.[i]).find((id) => id !== undefined) ?? null),
    },
    mergeRequestsOf: (sha) => {
      asked.push(sha);
      if (options.gitlab instanceof Error) return Promise.reject(options.gitlab);
      return Promise.resolve(options.gitlab ?? []);
    },
  };
}

describe('findPrevious', () => {
  it('takes the promotion whose merge was indexed as the pushed commit, without asking GitLab', async () => {
    const l = lookup({ byCommit: { [MERGE]: STAGE } });
    expect(await findPrevious('web', 'stage', MERGE, l)).toBe(STAGE);
    expect(l.asked).toEqual([]);
  });

  it('looks at the pushed commit first, then the range newest first', async () => {
    const l = lookup({
      byCommit: { ['e'.repeat(40)]: STAGE },
      range: ['d'.repeat(40), 'e'.repeat(40), MERGE],
    });
    expect(await findPrevious('web', 'stage', MERGE, l)).toBe(STAGE);
    expect(l.commitsLooked).toEqual([[MERGE, 'e'.repeat(40), 'd'.repeat(40)]]);
  });

  it("asks GitLab for the commit's merge requests into the source branch when the merge is not indexed yet", async () => {
    const l = lookup({
      byIid: { 7: STAGE, 9: 'other' },
      gitlab: [mr(9, 'dev', 'merged'), mr(8, 'stage', 'opened'), mr(7, 'stage', 'merged', MERGE)],
    });
    expect(await findPrevious('web', 'stage', MERGE, l)).toBe(STAGE);
    expect(l.asked).toEqual([MERGE]);
  });

  it('links nothing from a branch no promotion goes into (dev), and asks nothing', async () => {
    const l = lookup({ byCommit: { [MERGE]: STAGE } });
    expect(await findPrevious('web', 'dev', MERGE, l)).toBeNull();
    expect(l.commitsLooked).toEqual([]);
  });

  it('plans on unlinked when GitLab cannot say', async () => {
    const l = lookup({ gitlab: new Error('GitLab answered 503') });
    expect(await findPrevious('web', 'stage', MERGE, l)).toBeNull();
  });
});
