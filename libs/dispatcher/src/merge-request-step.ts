import type { Job } from 'bullmq';
import {
  mrBranchValues,
  recordedMergeRequest,
  renderMrBranch,
  type PromotionMergeRequest,
} from '@auto-promote/domain';
import { GitLabUnavailableError } from '@auto-promote/gitlab';
import type { PromotionRecord } from '@auto-promote/records';
import { closeSupersededMergeRequests } from './close-superseded';
import type { DispatchOutcome } from './dispatcher-deps';
import type { MergeRequestDeps } from './merge-request-deps';
import { parkUntil } from './park';

/** GitLab's and the trigger's clocks may differ this much: a merge request this much older still counts. */
export const MR_CLOCK_SKEW_MS = 60_000;
/** The first look again after this long, growing with the time waited, up to a minute between looks. */
const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 60_000;

/** The wait before the next look: half the time waited so far (backoff), within 2 s and 60 s. */
export function nextLookupDelay(elapsedMs: number): number {
  return Math.min(Math.max(FIRST_RETRY_MS, Math.round(elapsedMs / 2)), MAX_RETRY_MS);
}

/**
 * After a successful build: finds the merge request the build opened — from the source branch
 * PROMOTION_MR_BRANCH names into the target branch, created after the trigger — and records it. Until it
 * appears the job is parked (no worker slot held) and looks again with backoff; after
 * PROMOTION_MR_LOOKUP_TIMEOUT (counted from the build's end) `none` is recorded with the reason. The time
 * waited is read from the record, so nothing is carried between runs.
 */
export async function mergeRequestStep(
  job: Job,
  token: string | undefined,
  record: PromotionRecord,
  deps: MergeRequestDeps,
): Promise<DispatchOutcome> {
  const done = { status: record.status };
  const { lookupTimeoutMs, branchTemplate } = deps.config.mergeRequests;
  if (record.status !== 'succeeded' || record.mergeRequest !== null || lookupTimeoutMs <= 0) return done;
  const now = (deps.clock ?? Date.now)();
  // The record's last change was the build's end (or a late `link` of its change, which only moves the
  // bound a little later): no other event applies to it before its merge request.
  const elapsed = now - Date.parse(record.updatedAt);
  const sourceBranch = renderMrBranch(branchTemplate, mrBranchValues(record));
  const since = Date.parse(record.triggerIntentAt ?? record.createdAt) - MR_CLOCK_SKEW_MS;
  const later = () => parkUntil(job, token, now + Math.min(nextLookupDelay(elapsed), lookupTimeoutMs));
  let found;
  try {
    const list = await deps.gitlab.findMergeRequests(deps.config.gitlab.project, {
      sourceBranch,
      targetBranch: record.targetEnv,
      createdAfter: new Date(since).toISOString(),
    });
    found = list
      .filter((mr) => mr.createdAt === null || Date.parse(mr.createdAt) >= since)
      .sort((a, b) => b.iid - a.iid)[0];
  } catch (error) {
    if (!(error instanceof GitLabUnavailableError) || elapsed > lookupTimeoutMs)
      return recordNone(deps, record, sourceBranch, `GitLab could not be asked: ${(error as Error).message}`);
    deps.logger.warn({ promotionId: record.id, error: error.message }, 'merge request lookup failed; later');
    return later();
  }
  if (found === undefined) {
    if (elapsed <= lookupTimeoutMs) return later();
    return recordNone(
      deps,
      record,
      sourceBranch,
      `the build opened no merge request from ${sourceBranch} into ${record.targetEnv} within ${Math.round(lookupTimeoutMs / 1000)} s of its end`,
    );
  }
  const mergeRequest = recordedMergeRequest(found);
  const result = await deps.recorder.record(record, mergeRequest, now);
  deps.logger.info(
    { promotionId: record.id, mergeRequest: found.iid, state: found.state },
    'merge request of the promotion found',
  );
  if (
    result.kind === 'applied' &&
    mergeRequest.state === 'opened' &&
    deps.config.mergeRequests.closeSuperseded
  )
    await closeSupersededMergeRequests(deps, result.record);
  return done;
}

async function recordNone(
  deps: MergeRequestDeps,
  record: PromotionRecord,
  sourceBranch: string,
  reason: string,
): Promise<DispatchOutcome> {
  const none: PromotionMergeRequest = {
    iid: null,
    url: null,
    state: 'none',
    sourceBranch,
    openedAt: null,
    mergedAt: null,
    mergeCommitSha: null,
    reason,
  };
  await deps.recorder.record(record, none);
  deps.logger.warn({ promotionId: record.id, reason }, 'no merge request recorded for the promotion');
  return { status: record.status };
}
