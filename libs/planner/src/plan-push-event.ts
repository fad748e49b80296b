import type { Queue } from 'bullmq';
import type { Config } from '@auto-promote/config';
import type { GitLabClient } from '@auto-promote/gitlab';
import type { Logger } from '@auto-promote/observability';
import type { FeedbackNotifier, PromotionJobData, PushEventJobData } from '@auto-promote/queues';
import type { EventRecord, EventStore, LatestPointers, PromotionTransitions } from '@auto-promote/records';
import { AppTrees } from './app-trees';
import type { MergeRequestRefreshDeps } from './merge-request-refresh';
import { eventRecordFor } from './event-record-for';
import type { PlannedHeads } from './planned-heads';
import { planPromotion, type PushContext } from './plan-promotion';
import { previewPush, type PushPreview } from './preview-push';

export interface PlannerDeps {
  config: Pick<Config, 'gitlab' | 'promotion'>;
  gitlab: GitLabClient;
  transitions: PromotionTransitions;
  latest: LatestPointers;
  plannedHeads: PlannedHeads;
  events: EventStore;
  promotionsQueue: Queue<PromotionJobData>;
  logger: Logger;
  /** Brings the push's GitLab feedback (commit status, note) up to date; absent when feedback is off. */
  notifyFeedback?: FeedbackNotifier;
  /** Refreshes the merge requests recorded open into a branch a push landed on (issue 17); absent = off. */
  mergeRequests?: MergeRequestRefreshDeps;
}

/**
 * What a planned push says about its source branch: the image tag of every app it changed, at its `after`,
 * and the apps it removed — read by the planning anyway, so the board's view of the branch moves with no
 * GitLab call of its own. Null when the planning did not read every changed app's tag (opted-out apps,
 * IMAGE_TAG_SOURCE=none, a manual promotion): the board then observes the branch itself.
 */
export interface BranchChange {
  branch: string;
  before: string;
  after: string;
  tags: Record<string, string | null>;
  removed: string[];
}

export type PlanOutcome =
  | { status: 'skipped'; reason: string }
  | {
      status: 'planned';
      promotionIds: string[];
      skipped: Array<{ app: string; reason: string }>;
      branchChange: BranchChange | null;
    };

/**
 * Turns one push into promotion records and jobs. What to plan is decided by `previewPush` (shared with the
 * CLI's dry run); this adds the writes. Every step is idempotent (records are created only if absent, jobs
 * carry the promotion id), so a retry after a crash or a GitLab error redoes nothing that was done.
 */
export async function planPushEvent(data: PushEventJobData, deps: PlannerDeps): Promise<PlanOutcome> {
  const { config, gitlab, logger } = deps;
  const log = logger.child({ eventId: data.eventId, branch: data.branch, after: data.after });
  const project = config.gitlab.project;
  const record = (
    status: EventRecord['status'],
    reason: string | null,
    extra: Parameters<typeof eventRecordFor>[3] = {},
  ) => deps.events.put(eventRecordFor(data, status, reason, extra));

  // The branch head tells which commit is newest: asked at most once per push, when a pointer is compared;
  // ancestry is asked only when pushes overlap.
  let head: Promise<string | null> | undefined;
  const context: PushContext = {
    data,
    log,
    appTrees: new AppTrees(gitlab, project, config.promotion.appsDir),
    head: () => (head ??= gitlab.branchHead(project, data.branch)),
  };
  const planning = { ...deps, project };
  const promotionIds: string[] = [];
  const skipped: Array<{ app: string; reason: string }> = [];
  // Each app is planned as soon as it is decided: its job may start while the next app is looked at.
  const preview = await previewPush(
    data,
    {
      ...deps,
      promotions: deps.transitions.store,
      logger: log,
      plannedHead: (branch) => deps.plannedHeads.get(branch),
    },
    async (planned) => {
      const outcome = await planPromotion(planned, context, planning);
      promotionIds.push(planned.id);
      if (outcome.status !== 'planned') skipped.push({ app: planned.app, reason: outcome.reason });
    },
  );
  if (preview.kind === 'skip') {
    if (preview.code === 'branch-created')
      await deps.plannedHeads.advance(data.branch, data.before, data.after);
    await record('skipped', preview.reason);
    log.info({ reason: preview.reason }, 'push skipped');
    return { status: 'skipped', reason: preview.reason };
  }
  if (preview.usedTreeFallback) log.warn('GitLab truncated the compare; changed apps taken from tree ids');
  if (preview.rangeNote)
    log.warn({ note: preview.rangeNote }, 'push planned around what GitLab did not know');
  for (const r of preview.rejected) {
    log.warn({ app: r.name, reason: r.reason }, 'changed directory is not a safe app name; not promoted');
  }
  // A manual promotion is no push: the branch's planned head (the reconciler's mark) stays where it is.
  if (data.onlyApps === undefined) await deps.plannedHeads.advance(data.branch, data.before, data.after);

  const reason = [preview.rangeNote, preview.promotions.length === 0 ? 'no app changed' : null]
    .filter((r) => r !== null)
    .join('; ');
  await record('planned', reason === '' ? null : reason, {
    promotionIds,
    rejectedApps: preview.rejected,
  });
  if (promotionIds.length > 0) await deps.notifyFeedback?.(data.eventId);
  return { status: 'planned', promotionIds, skipped, branchChange: branchChange(data, preview, config) };
}

function branchChange(
  data: PushEventJobData,
  preview: Extract<PushPreview, { kind: 'plan' }>,
  config: PlannerDeps['config'],
): BranchChange | null {
  if (data.onlyApps !== undefined || config.promotion.imageTagSource !== 'manifest') return null;
  const change: BranchChange = {
    branch: data.branch,
    before: data.before,
    after: data.after,
    tags: {},
    removed: [],
  };
  for (const p of preview.promotions) {
    if (p.outcome === 'promote') change.tags[p.app] = p.imageTag;
    else if (p.outcome === 'recorded') change.tags[p.app] = p.record.imageTag;
    else if (p.removed) change.removed.push(p.app);
    else return null; // opted out: its tag at `after` was not read
  }
  return change;
}
