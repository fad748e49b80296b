import type { Queue } from 'bullmq';
import { RETRYABLE_STATUSES, isRetryable, type RetryAudit } from '@auto-promote/domain';
import { PROMOTION_JOB_OPTIONS, type PromotionJobData } from '@auto-promote/queues';
import type { LatestPointers, PromotionRecord, PromotionTransitions } from '@auto-promote/records';
import { OperationError } from './errors/operation-error';

export interface RetryResult {
  record: PromotionRecord;
  /** What happened to the promotion's job: finished and re-run, gone and added again, or still queued. */
  job: 'retried' | 'added' | 'queued';
}

export interface RetryDeps {
  transitions: PromotionTransitions;
  latest: Pick<LatestPointers, 'get' | 'force'>;
  promotionsQueue: Queue<PromotionJobData>;
  clock?: () => Date;
}

/**
 * Sends an abandoned or failed promotion through the dispatcher again: the lifecycle's `retry` event puts
 * the record back to `planned` (trigger intent, error, reason and Jenkins progress cleared; the retry kept in
 * `retries`; the retry horizon counted from now), and its one job runs again — retried in place when BullMQ
 * still keeps it finished, added anew when it is gone.
 *
 * A newer promotion of the same app and target holds "latest": retrying this one would promote an older
 * commit over it, so that needs `force`, which makes this one the latest.
 */
export async function retryPromotion(
  deps: RetryDeps,
  record: PromotionRecord,
  options: { force?: boolean } = {},
): Promise<RetryResult> {
  const { id } = record;
  if (!isRetryable(record.status)) {
    throw new OperationError(
      `${id} is ${record.status}: only ${RETRYABLE_STATUSES.join(' or ')} promotions can be retried`,
    );
  }
  const latest = await deps.latest.get(record.targetEnv, record.app);
  if (latest && latest.id !== id) {
    if (!options.force)
      throw new OperationError(
        `a newer promotion of ${record.app} to ${record.targetEnv} exists (${latest.id}): retrying this one would promote an older commit over it — retry that one, or use --force`,
      );
    await deps.latest.force(record.targetEnv, record.app, {
      id,
      sha: record.sha,
      pushOrder: record.pushOrder,
      tree: null,
    });
  }
  const at = (deps.clock?.() ?? new Date()).toISOString();
  const audit: RetryAudit = {
    at,
    fromStatus: record.status,
    reason: record.reason,
    lastError: record.lastError,
    buildUrl: record.jenkins.buildUrl,
  };
  const result = await deps.transitions.apply(record, {
    kind: 'retry',
    at,
    audit,
    retries: [...(record.retries ?? []), audit],
  });
  if (result.kind === 'missing') throw new OperationError(`no promotion record ${id}`);
  if (result.kind !== 'applied')
    throw new OperationError(`${id} changed to ${result.record.status} meanwhile: not retried`);

  const job = await deps.promotionsQueue.getJob(id);
  const state = job ? await job.getState() : 'unknown';
  if (job && (state === 'completed' || state === 'failed')) {
    await job.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
    return { record: result.record, job: 'retried' };
  }
  if (!job || state === 'unknown') {
    await deps.promotionsQueue.add(
      'promote',
      { promotionId: id, app: record.app, targetEnv: record.targetEnv },
      { ...PROMOTION_JOB_OPTIONS, jobId: id },
    );
    return { record: result.record, job: 'added' };
  }
  return { record: result.record, job: 'queued' };
}
