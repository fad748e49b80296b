import type { Config } from '@auto-promote/config';
import { eventId } from '@auto-promote/domain';
import type { GitLabClient } from '@auto-promote/gitlab';
import type { PushEventJobData } from '@auto-promote/queues';
import type { PromotionRecord, PromotionStore } from '@auto-promote/records';
import { resolvePush, type ResolvedPush } from './resolve-push';

/** What the dry run shows of one app of the push. */
export type PlanPreviewEntry = { app: string; appName: string } & (
  | { outcome: 'recorded'; record: Pick<PromotionRecord, 'status' | 'reason' | 'imageTag'> }
  | { outcome: 'skip'; reason: string; imageTag: string | null }
  | { outcome: 'promote'; imageTag: string | null }
);

/**
 * What the dry run shows of the planner's preview of a push. The planner's `PushPreview` is one (and carries
 * more, which `--json` prints as it is).
 */
export type PlanPreview =
  | { kind: 'skip'; reason: string }
  | {
      kind: 'plan';
      /** GitLab truncated the compare and tree ids decided which apps changed. */
      usedTreeFallback: boolean;
      /** Where the range came from when GitLab did not know `before`, and steps degraded on a 404. */
      rangeNote: string | null;
      rejected: ReadonlyArray<{ name: string; reason: string }>;
      promotions: readonly PlanPreviewEntry[];
    };

/** The planner's `previewPush`, handed in by the composition root so that operations does not import the planner. */
export type PreviewPush = (
  push: Pick<PushEventJobData, 'eventId' | 'projectId' | 'branch' | 'before' | 'after' | 'onlyApps'>,
  deps: {
    config: Pick<Config, 'gitlab' | 'promotion'>;
    gitlab: GitLabClient;
    promotions: Pick<PromotionStore, 'get'>;
  },
) => Promise<PlanPreview>;

export interface DryRunPlan {
  push: ResolvedPush;
  /** The event id the webhook of this range has. */
  eventId: string;
  preview: PlanPreview;
}

/**
 * What the planner would make of a push, through the planner's own `previewPush`: apps, APP_NAME,
 * IMAGE_TAG, skips and their reasons. Reads GitLab and the existing records; writes nothing anywhere.
 */
export async function dryRunPlan(
  deps: {
    config: Pick<Config, 'gitlab' | 'promotion'>;
    gitlab: GitLabClient;
    promotions: Pick<PromotionStore, 'get'>;
    previewPush: PreviewPush;
  },
  input: { ref: string; before: string; after?: string },
): Promise<DryRunPlan> {
  const push = await resolvePush(deps.gitlab, deps.config, input);
  const id = eventId({
    projectId: push.projectId,
    ref: `refs/heads/${push.branch}`,
    before: push.before,
    after: push.after,
  });
  const preview = await deps.previewPush(
    { eventId: id, projectId: push.projectId, branch: push.branch, before: push.before, after: push.after },
    deps,
  );
  return { push, eventId: id, preview };
}
