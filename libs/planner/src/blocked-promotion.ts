import { blockedReason, blockMark, type NewPromotion, type PromotionRecord } from '@auto-promote/domain';
import type { Logger } from '@auto-promote/observability';
import { PROMOTION_JOB_OPTIONS, type PushEventJobData } from '@auto-promote/queues';
import type { ClaimOutcome } from '@auto-promote/records';
import {
  olderReason,
  supersedePrevious,
  type PromotionOutcome,
  type PromotionPlanningDeps,
  type PushContext,
} from './plan-promotion';

/**
 * A new promotion of a blocked version is recorded `skipped` with the block (reason, owner, id) and
 * claims nothing: the version it would have replaced stays the latest. An operator's `promote --force`
 * passes. Null when it is not blocked.
 */
export async function blockedSkip(
  record: NewPromotion,
  data: Pick<PushEventJobData, 'force'>,
  deps: Pick<PromotionPlanningDeps, 'blocks' | 'transitions'>,
  log: Logger,
): Promise<PromotionOutcome | null> {
  if (data.force) return null;
  const block = await deps.blocks.blocking({ ...record, imageTag: record.imageTag });
  if (!block) return null;
  const reason = blockedReason(block);
  await deps.transitions.record({ ...record, status: 'skipped', reason, blockedBy: blockMark(block) });
  log.info({ promotionId: record.id, blockId: block.id, by: block.by }, 'promotion skipped: version blocked');
  return { status: 'skipped', reason };
}

/**
 * A promotion once skipped by a block, sent again by a replay, the reconciler or `promote`: still blocked
 * (and not forced), it stays skipped; otherwise it goes through "latest wins" like a new promotion and,
 * if it is the newest, is planned again (`unblock`) and its job runs — exactly once, since its trigger
 * still goes through the intent. Lifting a block alone sends nothing.
 */
export async function resendBlocked(
  record: PromotionRecord,
  context: PushContext,
  deps: PromotionPlanningDeps,
  claim: () => Promise<ClaimOutcome>,
): Promise<PromotionOutcome> {
  const { data, log } = context;
  const { id, app, targetEnv } = record;
  const block = data.force ? null : await deps.blocks.blocking(record);
  if (block) return { status: 'skipped', reason: blockedReason(block) };
  const claimed = await claim();
  if (claimed.kind === 'older') {
    const reason = olderReason(app, targetEnv, claimed.newer.sha);
    log.info(
      { promotionId: id, newer: claimed.newer.id },
      'unblocked promotion not sent: a newer one is planned',
    );
    return { status: 'superseded', reason };
  }
  if (claimed.kind === 'unchanged') {
    const reason = `${app} is unchanged since ${claimed.holder.id}`;
    log.info(
      { promotionId: id, unchangedSince: claimed.holder.id },
      'unblocked promotion not sent: same content',
    );
    return { status: 'skipped', reason };
  }
  await supersedePrevious(claimed, record, deps, log);
  const at = new Date().toISOString();
  const result = await deps.transitions.apply(record, { kind: 'unblock', at });
  if (result.kind !== 'applied') return { status: 'planned' }; // another planner sent it meanwhile
  await requeue(deps, record, data.force === true);
  log.info({ promotionId: id, app, targetEnv, forced: data.force === true }, 'unblocked promotion planned');
  return { status: 'planned' };
}

/**
 * Its one job runs again: the finished job of the dispatcher's skip is retried in place, or (forced, whose
 * job must say so) replaced; a promotion skipped by the planner had none, and gets one.
 */
async function requeue(
  deps: Pick<PromotionPlanningDeps, 'promotionsQueue'>,
  record: Pick<PromotionRecord, 'id' | 'app' | 'targetEnv'>,
  force: boolean,
): Promise<void> {
  const job = await deps.promotionsQueue.getJob(record.id);
  const state = job ? await job.getState() : 'unknown';
  if (job && (state === 'completed' || state === 'failed')) {
    if (!force) {
      await job.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
      return;
    }
    await job.remove();
  }
  await deps.promotionsQueue.add(
    'promote',
    {
      promotionId: record.id,
      app: record.app,
      targetEnv: record.targetEnv,
      ...(force ? { force: true } : {}),
    },
    { ...PROMOTION_JOB_OPTIONS, jobId: record.id },
  );
}
