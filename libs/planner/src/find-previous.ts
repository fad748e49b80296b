import type { MergeRequestRef } from '@auto-promote/gitlab';
import type { Logger } from '@auto-promote/observability';
import type { ChangeChains } from '@auto-promote/records';

const MAX_RANGE_LOOKUPS = 100;

/** What linking a promotion to the one that brought its commit needs. */
export interface PreviousLookup {
  chains: Pick<ChangeChains, 'previousByMergeCommit' | 'previousByMergeRequests'>;
  /** Whether promotions go into this branch (only then can a merge request have brought a commit to it). */
  isTarget: (branch: string) => boolean;
  /** The commits of the push's compared range: a merge commit among them brought this push's content too. */
  range?: () => readonly string[];
  /** GitLab's merge requests of a commit; asked at most once per push and commit. */
  mergeRequestsOf: (sha: string) => Promise<MergeRequestRef[]>;
  log: Logger;
}

/**
 * The promotion whose merge request brought the commit this promotion promotes (the chain of a change):
 * the promotion of the same app into this promotion's source branch whose merge request was merged as the
 * pushed commit — first from the merge commit index, else from GitLab's merge requests of the commit (a
 * squash or fast-forward merge, or a merge not recorded as merged yet: the same push reports it). Null when
 * none is known; a GitLab error never stops the planning.
 */
export async function findPrevious(
  app: string,
  sourceEnv: string,
  pushedSha: string,
  lookup: PreviousLookup,
): Promise<string | null> {
  if (!lookup.isTarget(sourceEnv)) return null;
  // The pushed commit first, then the range newest first (bounded: a push of many commits is rare on stage).
  const range = [...(lookup.range?.() ?? [])].reverse().slice(0, MAX_RANGE_LOOKUPS);
  const shas = [pushedSha, ...range.filter((sha) => sha !== pushedSha)];
  const indexed = await lookup.chains.previousByMergeCommit(app, sourceEnv, shas);
  if (indexed) return indexed;
  try {
    const related = await lookup.mergeRequestsOf(pushedSha);
    const iids = related
      .filter(
        (mr) =>
          mr.targetBranch === sourceEnv &&
          (mr.state === 'merged' || mr.mergeCommitSha === pushedSha || mr.squashCommitSha === pushedSha),
      )
      .map((mr) => mr.iid);
    return await lookup.chains.previousByMergeRequests(app, sourceEnv, iids);
  } catch (error) {
    lookup.log.warn(
      { app, sha: pushedSha, error: (error as Error).message },
      'could not ask GitLab which merge request brought the commit; promotion not linked to its change',
    );
    return null;
  }
}
