import { mergeRequestChanged, recordedMergeRequest, vanishedMergeRequest } from '@auto-promote/domain';
import type { GitLabClient } from '@auto-promote/gitlab';
import type { Logger } from '@auto-promote/observability';
import type { MergeRequestRecorder } from '@auto-promote/records';

/** How many open merge requests of one target one refresh looks at (the oldest first). */
export const MAX_REFRESHED_PER_TARGET = 100;

export interface MergeRequestRefreshDeps {
  gitlab: Pick<GitLabClient, 'mergeRequest'>;
  recorder: MergeRequestRecorder;
  /** GITLAB_PROJECT. */
  project: string;
  logger: Logger;
}

/**
 * Brings the merge requests recorded open into `targetEnv` up to date with GitLab (merged, closed, with
 * merged_at and the merge commit): run when a push lands on the target branch and by the reconciler, so
 * no promotion polls for its own. One GitLab read per open merge request, at most MAX_REFRESHED_PER_TARGET.
 * Returns how many records changed.
 */
export async function refreshOpenMergeRequests(
  deps: MergeRequestRefreshDeps,
  targetEnv: string,
): Promise<number> {
  let changed = 0;
  for (const id of await deps.recorder.index.list(targetEnv, MAX_REFRESHED_PER_TARGET)) {
    const record = await deps.recorder.transitions.store.get(id);
    const recorded = record?.mergeRequest ?? null;
    if (record === null || recorded === null || recorded.state !== 'opened' || recorded.iid === null) {
      await deps.recorder.index.remove(targetEnv, id);
      continue;
    }
    const now = await deps.gitlab.mergeRequest(deps.project, recorded.iid);
    const next =
      now === null
        ? vanishedMergeRequest(recorded)
        : mergeRequestChanged(recorded, now)
          ? recordedMergeRequest(now, recorded.reason)
          : null;
    if (next === null) continue;
    await deps.recorder.record(record, next);
    changed += 1;
    deps.logger.info(
      { promotionId: id, mergeRequest: recorded.iid, state: next.state },
      'merge request of the promotion changed',
    );
  }
  return changed;
}

/** Refreshes, never throws: a GitLab failure is logged and the next push or reconcile tries again. */
export async function refreshOpenMergeRequestsQuietly(
  deps: MergeRequestRefreshDeps,
  targets: readonly string[],
): Promise<void> {
  for (const target of targets) {
    try {
      await refreshOpenMergeRequests(deps, target);
    } catch (error) {
      deps.logger.warn(
        { targetEnv: target, error: (error as Error).message },
        'could not refresh the open merge requests; the reconciler tries again',
      );
    }
  }
}
