import type { PromotionMergeRequest } from '../promotion/promotion-record';

/** A merge request as GitLab answers it, in the terms the record needs. */
export interface MergeRequestFacts {
  iid: number;
  state: string;
  sourceBranch: string;
  createdAt: string | null;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  webUrl: string | null;
}

const RECORDED_STATES: readonly string[] = ['opened', 'merged', 'closed', 'locked'];

/** GitLab's merge request as the promotion record keeps it. */
export function recordedMergeRequest(
  mr: MergeRequestFacts,
  reason: string | null = null,
): PromotionMergeRequest {
  return {
    iid: mr.iid,
    url: mr.webUrl,
    state: (RECORDED_STATES.includes(mr.state) ? mr.state : 'opened') as PromotionMergeRequest['state'],
    sourceBranch: mr.sourceBranch,
    openedAt: mr.createdAt,
    mergedAt: mr.mergedAt,
    mergeCommitSha: mr.mergeCommitSha,
    reason,
  };
}

/** Has anything the record keeps of the merge request changed in GitLab? */
export function mergeRequestChanged(recorded: PromotionMergeRequest, now: MergeRequestFacts): boolean {
  return (
    recorded.state !== now.state ||
    recorded.mergedAt !== now.mergedAt ||
    recorded.mergeCommitSha !== now.mergeCommitSha
  );
}

/** The record of a merge request GitLab no longer knows (deleted): closed, with the reason. */
export function vanishedMergeRequest(recorded: PromotionMergeRequest): PromotionMergeRequest {
  return {
    ...recorded,
    state: 'closed',
    reason: `merge request !${recorded.iid} no longer exists in GitLab`,
  };
}
