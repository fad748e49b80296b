import type { Queue } from 'bullmq';
import type { Config } from '@auto-promote/config';
import type { GitLabClient } from '@auto-promote/gitlab';
import type { Logger, Metrics } from '@auto-promote/observability';
import {
  PROMOTION_JOB_OPTIONS,
  type FeedbackNotifier,
  type PromotionJobData,
  type PushEventJobData,
} from '@auto-promote/queues';
import type { EventRecord, EventStore, NewPromotion, PromotionStore } from '@auto-promote/records';
import { eventRecordFor } from './event-record-for';
import { isNewer, type LatestPointer, type LatestPromotions } from './latest-promotions';
import type { PlannedHeads } from './planned-heads';
import { AppTrees } from './app-trees';
import { previewPush, type PromotionPreview } from './preview-push';

export interface PlannerDeps {
  config: Pick<Config, 'gitlab' | 'promotion'>;
  gitlab: GitLabClient;
  promotions: PromotionStore;
  latest: LatestPromotions;
  plannedHeads: PlannedHeads;
  events: EventStore;
  promotionsQueue: Queue<PromotionJobData>;
  logger: Logger;
  metrics?: Metrics;
  /** Brings the push's GitLab feedback (commit status, note) up to date; absent when feedback is off. */
  notifyFeedback?: FeedbackNotifier;
}

export type PlanOutcome =
  | { status: 'skipped'; reason: string }
  | { status: 'planned'; promotionIds: string[]; skipped: Array<{ app: string; reason: string }> };

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
  const newer = async (candidate: LatestPointer, current: LatestPointer) => {
    head ??= gitlab.branchHead(project, data.branch);
    return isNewer(candidate, current, await head, (a, d) => gitlab.isAncestor(project, a, d));
  };
  const context: PlanContext = {
    data,
    newer,
    log,
    appTrees: new AppTrees(gitlab, project, config.promotion.appsDir),
  };
  const promotionIds: string[] = [];
  const skipped: Array<{ app: string; reason: string }> = [];
  // Each app is planned as soon as it is decided: its job may start while the next app is looked at.
  const preview = await previewPush(data, { ...deps, logger: log }, async (planned) => {
    const outcome = await planPromotion(planned, context, deps);
    promotionIds.push(planned.id);
    if (outcome.status !== 'planned') skipped.push({ app: planned.app, reason: outcome.reason });
  });
  if (preview.kind === 'skip') {
    if (preview.code === 'branch-created')
      await deps.plannedHeads.advance(data.branch, data.before, data.after);
    await record('skipped', preview.reason);
    log.info({ reason: preview.reason }, 'push skipped');
    return { status: 'skipped', reason: preview.reason };
  }
  if (preview.usedTreeFallback) log.warn('GitLab truncated the compare; changed apps taken from tree ids');
  for (const r of preview.rejected) {
    log.warn({ app: r.name, reason: r.reason }, 'changed directory is not a safe app name; not promoted');
  }
  // A manual promotion is no push: the branch's planned head (the reconciler's mark) stays where it is.
  if (data.onlyApps === undefined) await deps.plannedHeads.advance(data.branch, data.before, data.after);

  await record('planned', preview.promotions.length === 0 ? 'no app changed' : null, {
    promotionIds,
    rejectedApps: preview.rejected,
  });
  if (promotionIds.length > 0) await deps.notifyFeedback?.(data.eventId);
  return { status: 'planned', promotionIds, skipped };
}

type PromotionOutcome = { status: 'planned' } | { status: 'skipped' | 'superseded'; reason: string };

interface PlanContext {
  data: PushEventJobData;
  newer: (candidate: LatestPointer, current: LatestPointer) => Promise<boolean>;
  log: Logger;
  appTrees: AppTrees;
}

/**
 * One app's promotion: its record and job, unless it is already under way, it is skipped (opted out, or the
 * app was removed), or a newer commit of the same app and target was planned first ("latest wins"). When
 * this one is the newest, an older one still waiting for Jenkins is superseded — before this record exists,
 * so a crash in between leaves nothing a retry would not finish.
 */
async function planPromotion(
  planned: PromotionPreview,
  context: PlanContext,
  deps: PlannerDeps,
): Promise<PromotionOutcome> {
  const { data, newer, log } = context;
  const { id, app, appName, sourceEnv, targetEnv, sha } = planned;
  const base = {
    id,
    app,
    appName,
    sourceEnv,
    targetEnv,
    sha,
    eventId: data.eventId,
    source: data.source,
    pushOrder: data.pushOrder ?? null,
  };
  if (planned.outcome === 'recorded') {
    if (planned.record.status !== 'planned') return { status: 'planned' }; // under way already
  } else if (planned.outcome === 'skip') {
    await createRecord(deps, {
      ...base,
      imageTag: planned.imageTag,
      status: 'skipped',
      reason: planned.reason,
    });
    log.info({ promotionId: id, reason: planned.reason }, 'promotion skipped');
    return { status: 'skipped', reason: planned.reason };
  } else {
    if (data.source === 'reconcile') {
      // A reconciled range may hold pushes that were planned on their own: an app whose manifests are
      // the same as at its latest promotion has nothing new to promote.
      const latest = await deps.latest.get(targetEnv, app);
      if (latest && (await context.appTrees.same(app, latest.sha, data.after))) {
        const reason = `${app} is unchanged since its promotion at ${latest.sha.slice(0, 8)}`;
        await createRecord(deps, { ...base, imageTag: planned.imageTag, status: 'skipped', reason });
        return { status: 'skipped', reason };
      }
    }
    const decision = await deps.latest.claim(
      targetEnv,
      app,
      { id, sha: data.after, pushOrder: base.pushOrder },
      newer,
    );
    if (decision.kind === 'older') {
      const reason = `a newer commit of ${app} (${decision.newer.sha.slice(0, 8)}) was planned for ${targetEnv} first`;
      await createRecord(deps, {
        ...base,
        imageTag: planned.imageTag,
        status: 'superseded',
        supersededBy: decision.newer.id,
        reason,
      });
      log.info({ promotionId: id, supersededBy: decision.newer.id }, 'promotion superseded on arrival');
      return { status: 'superseded', reason };
    }
    if (decision.previous) await supersede(deps, decision.previous.id, id, app, targetEnv, log);
    await createRecord(deps, { ...base, imageTag: planned.imageTag });
  }
  await deps.promotionsQueue.add(
    'promote',
    { promotionId: id, app, targetEnv },
    { ...PROMOTION_JOB_OPTIONS, jobId: id },
  );
  log.info({ promotionId: id, app, targetEnv }, 'promotion planned');
  return { status: 'planned' };
}

async function createRecord(deps: PlannerDeps, input: NewPromotion): Promise<void> {
  const { record, created } = await deps.promotions.create(input);
  if (created) deps.metrics?.promotionTransitions.inc({ status: record.status });
}

/** Marks an older promotion superseded — only while it is planned and no trigger has left for Jenkins. */
async function supersede(
  deps: PlannerDeps,
  olderId: string,
  newerId: string,
  app: string,
  targetEnv: string,
  log: Logger,
): Promise<void> {
  const reason = `superseded by a newer commit of ${app} for ${targetEnv}`;
  const result = await deps.promotions.update(
    olderId,
    // A promotion held back by a freeze no longer waits for it.
    { status: 'superseded', supersededBy: newerId, reason, frozen: null },
    ['planned'],
    'triggerIntentAt',
  );
  if (result.kind === 'updated') {
    deps.metrics?.promotionTransitions.inc({ status: 'superseded' });
    log.info({ promotionId: olderId, supersededBy: newerId }, 'older promotion superseded');
    await deps.notifyFeedback?.(result.record.eventId);
  }
}
