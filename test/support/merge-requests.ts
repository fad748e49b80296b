import type { EmulatedProject } from '@auto-promote/emulators';
import type { PromotionMergeRequest, PromotionRecord } from '@auto-promote/domain';
import { redisKeys } from '@auto-promote/redis';
import type { Infrastructure } from '@auto-promote/runtime';

/**
 * Stands in for the merge request discovery (issue 17's first half) until its lifecycle event exists: writes
 * `mergeRequest` onto a promotion's record and tells the transition listener of the chain of a change, as
 * `PromotionTransitions.apply` does after that event.
 */
export async function recordMergeRequest(
  infra: Infrastructure,
  id: string,
  mergeRequest: PromotionMergeRequest,
): Promise<PromotionRecord> {
  const key = redisKeys(infra.prefix).promotion(id);
  const raw = await infra.redis.get(key);
  if (!raw) throw new Error(`no promotion ${id}`);
  const record = { ...(JSON.parse(raw) as PromotionRecord), mergeRequest };
  await infra.redis.set(key, JSON.stringify(record), 'KEEPTTL');
  await infra.changeObserver()(record, record.status, null);
  return record;
}

/** The record of a merge request of the GitLab emulator, as the discovery would record it. */
export function mergeRequestOf(
  project: EmulatedProject,
  iid: number,
  gitlabUrl: string,
): PromotionMergeRequest {
  const mr = project.mergeRequests().find((m) => m.iid === iid);
  if (!mr) throw new Error(`no merge request !${iid}`);
  return {
    iid: mr.iid,
    url: `${gitlabUrl}/${project.path}/-/merge_requests/${mr.iid}`,
    state: mr.state,
    sourceBranch: mr.sourceBranch,
    openedAt: mr.createdAt,
    mergedAt: mr.mergedAt,
    mergeCommitSha: mr.mergeCommitSha,
    reason: null,
  };
}
