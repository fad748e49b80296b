import type { Queue } from 'bullmq';
import type { Config } from '@auto-promote/config';
import { planPush } from '@auto-promote/domain';
import type { ChangedPath, GitLabClient } from '@auto-promote/gitlab';
import type { Logger, Metrics } from '@auto-promote/observability';
import { PROMOTION_JOB_OPTIONS, type PromotionJobData, type PushEventJobData } from '@auto-promote/queues';
import type { EventRecord, EventStore, PromotionStore } from '@auto-promote/records';
import { collectChanges } from './changed-apps-source';
import { eventRecordFor } from './event-record-for';
import { readImageTag } from './image-tag-reader';

export interface PlannerDeps {
  config: Pick<Config, 'gitlab' | 'promotion'>;
  gitlab: GitLabClient;
  promotions: PromotionStore;
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

  const promotionIds: string[] = [];
  const skipped: Array<{ app: string; reason: string }> = [];
  for (const planned of plan.promotions) {
    const { id, app } = planned;
    const existing = await deps.promotions.get(id);
    if (existing && existing.status !== 'planned') {
      promotionIds.push(id);
      continue; // planned before and already under way
    }
    const found = existing ? null : await lookUpImage(deps, app, data, changes);
    const { record: promotion, created } = await deps.promotions.create({
      ...planned,
      imageTag: found?.imageTag ?? null,
      eventId: data.eventId,
      source: data.source,
      ...(found?.removed
        ? { status: 'skipped' as const, reason: `app '${app}' was removed from '${data.branch}'` }
        : {}),
    });
    if (created) deps.metrics?.promotionTransitions.inc({ status: promotion.status });
    promotionIds.push(id);
    if (promotion.status === 'skipped') {
      skipped.push({ app, reason: promotion.reason ?? '' });
      log.info({ promotionId: id, reason: promotion.reason }, 'promotion skipped');
      continue;
    }
    await deps.promotionsQueue.add(
      'promote',
      { promotionId: id, app, targetEnv: planned.targetEnv, phase: 'trigger' },
      { ...PROMOTION_JOB_OPTIONS, jobId: id },
    );
    log.info(
      { promotionId: id, app, targetEnv: planned.targetEnv, imageTag: promotion.imageTag },
      'promotion planned',
    );
  }

  await record('planned', plan.promotions.length === 0 ? 'no app changed' : null, {
    promotionIds,
    rejectedApps: plan.rejected,
  });
  return { status: 'planned', promotionIds, skipped };
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
