import type { Queue } from 'bullmq';
import type { Config } from '@auto-promote/config';
import { planPush, type PlannedPromotion } from '@auto-promote/domain';
import type { ChangedPath, GitLabClient } from '@auto-promote/gitlab';
import type { Logger, Metrics } from '@auto-promote/observability';
import { PROMOTION_JOB_OPTIONS, type PromotionJobData, type PushEventJobData } from '@auto-promote/queues';
import type { EventRecord, EventStore, NewPromotion, PromotionStore } from '@auto-promote/records';
import { collectChanges } from './changed-apps-source';
import { eventRecordFor } from './event-record-for';
import { readImageTag } from './image-tag-reader';
import { isNewer, type LatestPointer, type LatestPromotions } from './latest-promotions';
import type { PlannedHeads } from './planned-heads';
import { AppTrees } from './app-trees';

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
}

export type PlanOutcome =
  | { status: 'skipped'; reason: string }
  | { status: 'planned'; promotionIds: string[]; skipped: Array<{ app: string; reason: string }> };

/**
 * Turns one push into promotion records and jobs. Every step is idempotent (records are created
 * only if absent, jobs carry the promotion id), so a retry after a crash or a GitLab error redoes
 * nothing that was done.
 */
export async function planPushEvent(data: PushEventJobData, deps: PlannerDeps): Promise<PlanOutcome> {
  const { config, gitlab, logger } = deps;
  const log = logger.child({ eventId: data.eventId, branch: data.branch, after: data.after });
  const project = config.gitlab.project;
  const naming = { appsDir: config.promotion.appsDir, appNameStyle: config.promotion.appNameStyle };
  const record = (
    status: EventRecord['status'],
    reason: string | null,
    extra: Parameters<typeof eventRecordFor>[3] = {},
  ) => deps.events.put(eventRecordFor(data, status, reason, extra));

  // Skips are decided before any GitLab call.
  const early = planPush({ event: data, promotionMap: config.promotion.map, changes: [], ...naming });
  if (early.kind === 'skip') {
    if (early.code === 'branch-created')
      await deps.plannedHeads.advance(data.branch, data.before, data.after);
    await record('skipped', early.reason);
    log.info({ reason: early.reason }, 'push skipped');
    return { status: 'skipped', reason: early.reason };
  }

  const { changes, usedTreeFallback } = await collectChanges(
    gitlab,
    project,
    naming.appsDir,
    data.before,
    data.after,
  );
  if (usedTreeFallback) log.warn('GitLab truncated the compare; changed apps taken from tree ids');
  const plan = planPush({ event: data, promotionMap: config.promotion.map, changes, ...naming });
  if (plan.kind === 'skip') throw new Error(`unreachable: push skipped after compare (${plan.reason})`);
  for (const r of plan.rejected) {
    log.warn({ app: r.name, reason: r.reason }, 'changed directory is not a safe app name; not promoted');
  }

  // One call per push tells which commit is newest; ancestry is asked only when pushes overlap.
  const head = await gitlab.branchHead(project, data.branch);
  const newer = (candidate: LatestPointer, current: LatestPointer) =>
    isNewer(candidate, current, head, (a, d) => gitlab.isAncestor(project, a, d));

  const context: PlanContext = {
    data,
    changes,
    newer,
    log,
    appTrees: new AppTrees(gitlab, project, naming.appsDir),
  };
  const promotionIds: string[] = [];
  const skipped: Array<{ app: string; reason: string }> = [];
  for (const planned of plan.promotions) {
    const outcome = await planPromotion(planned, context, deps);
    promotionIds.push(planned.id);
    if (outcome.status !== 'planned') skipped.push({ app: planned.app, reason: outcome.reason });
  }
  await deps.plannedHeads.advance(data.branch, data.before, data.after);

  await record('planned', plan.promotions.length === 0 ? 'no app changed' : null, {
    promotionIds,
    rejectedApps: plan.rejected,
  });
  return { status: 'planned', promotionIds, skipped };
}

type PromotionOutcome = { status: 'planned' } | { status: 'skipped' | 'superseded'; reason: string };

/**
 * One app's promotion: its record and job, unless it is already under way, the app was removed, or a
 * newer commit of the same app and target was planned first ("latest wins"). When this one is the
 * newest, an older one still waiting for Jenkins is superseded — before this record exists, so a
 * crash in between leaves nothing a retry would not finish.
 */
interface PlanContext {
  data: PushEventJobData;
  changes: readonly ChangedPath[];
  newer: (candidate: LatestPointer, current: LatestPointer) => Promise<boolean>;
  log: Logger;
  appTrees: AppTrees;
}

async function planPromotion(
  planned: PlannedPromotion,
  context: PlanContext,
  deps: PlannerDeps,
): Promise<PromotionOutcome> {
  const { data, changes, newer, log } = context;
  const { id, app, targetEnv } = planned;
  const base = { ...planned, eventId: data.eventId, source: data.source, pushOrder: data.pushOrder ?? null };
  const existing = await deps.promotions.get(id);
  if (existing && existing.status !== 'planned') return { status: 'planned' }; // under way already
  if (!existing) {
    const found = await lookUpImage(deps, app, data, changes);
    if (found.removed) {
      const reason = `app '${app}' was removed from '${data.branch}'`;
      await createRecord(deps, { ...base, imageTag: null, status: 'skipped', reason });
      log.info({ promotionId: id, reason }, 'promotion skipped');
      return { status: 'skipped', reason };
    }
    if (data.source === 'reconcile') {
      // A reconciled range may hold pushes that were planned on their own: an app whose manifests are
      // the same as at its latest promotion has nothing new to promote.
      const latest = await deps.latest.get(targetEnv, app);
      if (latest && (await context.appTrees.same(app, latest.sha, data.after))) {
        const reason = `${app} is unchanged since its promotion at ${latest.sha.slice(0, 8)}`;
        await createRecord(deps, { ...base, imageTag: found.imageTag, status: 'skipped', reason });
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
        imageTag: found.imageTag,
        status: 'superseded',
        supersededBy: decision.newer.id,
        reason,
      });
      log.info({ promotionId: id, supersededBy: decision.newer.id }, 'promotion superseded on arrival');
      return { status: 'superseded', reason };
    }
    if (decision.previous) await supersede(deps, decision.previous.id, id, app, targetEnv, log);
    await createRecord(deps, { ...base, imageTag: found.imageTag });
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
    { status: 'superseded', supersededBy: newerId, reason },
    ['planned'],
    'triggerIntentAt',
  );
  if (result.kind === 'updated') {
    deps.metrics?.promotionTransitions.inc({ status: 'superseded' });
    log.info({ promotionId: olderId, supersededBy: newerId }, 'older promotion superseded');
  }
}

/**
 * IMAGE_TAG for an app at the pushed commit (IMAGE_TAG_SOURCE=manifest), and whether the push removed
 * the app from the branch — a removal is never promoted.
 */
async function lookUpImage(
  deps: PlannerDeps,
  app: string,
  data: PushEventJobData,
  changes: readonly ChangedPath[],
): Promise<{ imageTag: string | null; removed: boolean }> {
  const { gitlab, config } = deps;
  const project = config.gitlab.project;
  const { appsDir } = config.promotion;
  if (config.promotion.imageTagSource === 'manifest') {
    const lookup = await readImageTag(gitlab, project, appsDir, app, data.after, changes);
    if (lookup.kind === 'none') {
      deps.logger.warn(
        { eventId: data.eventId, app },
        'no image found in the manifests; IMAGE_TAG will be empty',
      );
    }
    return { imageTag: lookup.kind === 'found' ? lookup.tag : null, removed: lookup.kind === 'app-removed' };
  }
  const onlyDeletions = changes
    .filter((c) => c.oldPath.startsWith(`${appsDir}/${app}/`))
    .every((c) => c.deleted);
  const removed = onlyDeletions && (await gitlab.tree(project, `${appsDir}/${app}`, data.after)) === null;
  return { imageTag: null, removed };
}
