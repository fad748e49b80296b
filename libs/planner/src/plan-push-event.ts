import type { Queue } from 'bullmq';
import type { Config } from '@auto-promote/config';
import { promotionId, pushSkipReason, targetFor, toAppName } from '@auto-promote/domain';
import type { GitLabClient } from '@auto-promote/gitlab';
import type { Logger, Metrics } from '@auto-promote/observability';
import { PROMOTION_JOB_OPTIONS, type PromotionJobData, type PushEventJobData } from '@auto-promote/queues';
import type { EventRecord, EventStore, PromotionStore } from '@auto-promote/records';
import { findChangedApps } from './changed-apps-source';
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
  const record = (
    status: EventRecord['status'],
    reason: string | null,
    extra: Parameters<typeof eventRecordFor>[3] = {},
  ) => deps.events.put(eventRecordFor(data, status, reason, extra));

  const skip = pushSkipReason(data, config.promotion.map);
  const targetEnv = targetFor(config.promotion.map, data.branch);
  if (skip !== null || targetEnv === null) {
    const reason = skip?.reason ?? `'${data.branch}' has no promotion target`;
    await record('skipped', reason);
    log.info({ reason }, 'push skipped');
    return { status: 'skipped', reason };
  }

  const { apps, rejected, compare, usedTreeFallback } = await findChangedApps(
    gitlab,
    project,
    config.promotion.appsDir,
    data.before,
    data.after,
  );
  for (const r of rejected)
    log.warn({ app: r.name, reason: r.reason }, 'changed directory is not a safe app name; not promoted');
  if (usedTreeFallback) log.warn('GitLab truncated the compare; changed apps taken from tree ids');

  const promotionIds: string[] = [];
  const skipped: Array<{ app: string; reason: string }> = [];
  for (const app of apps) {
    const id = promotionId({ app, sourceEnv: data.branch, targetEnv, sha: data.after });
    const existing = await deps.promotions.get(id);
    if (existing && existing.status !== 'planned') {
      promotionIds.push(id);
      continue; // planned before and already under way
    }
    let imageTag: string | null = null;
    let skipAppReason: string | null = null;
    if (!existing) {
      if (config.promotion.imageTagSource === 'manifest') {
        const lookup = await readImageTag(
          gitlab,
          project,
          config.promotion.appsDir,
          app,
          data.after,
          compare.changes,
        );
        if (lookup.kind === 'found') imageTag = lookup.tag;
        else if (lookup.kind === 'app-removed')
          skipAppReason = `app '${app}' was removed from '${data.branch}'`;
        else log.warn({ app }, 'no image found in the manifests; IMAGE_TAG will be empty');
      } else {
        const onlyDeletions = compare.changes
          .filter((c) => c.oldPath.startsWith(`${config.promotion.appsDir}/${app}/`))
          .every((c) => c.deleted);
        if (
          onlyDeletions &&
          (await gitlab.tree(project, `${config.promotion.appsDir}/${app}`, data.after)) === null
        ) {
          skipAppReason = `app '${app}' was removed from '${data.branch}'`;
        }
      }
    }
    const { record: promotion, created } = await deps.promotions.create({
      id,
      app,
      appName: toAppName(app, config.promotion.appNameStyle),
      sourceEnv: data.branch,
      targetEnv,
      sha: data.after,
      imageTag,
      eventId: data.eventId,
      source: data.source,
      ...(skipAppReason ? { status: 'skipped' as const, reason: skipAppReason } : {}),
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
      { promotionId: id, app, targetEnv, phase: 'trigger' },
      { ...PROMOTION_JOB_OPTIONS, jobId: id },
    );
    log.info({ promotionId: id, app, targetEnv, imageTag: promotion.imageTag }, 'promotion planned');
  }

  await record('planned', apps.length === 0 ? 'no app changed' : null, {
    promotionIds,
    rejectedApps: rejected,
  });
  return { status: 'planned', promotionIds, skipped };
}
