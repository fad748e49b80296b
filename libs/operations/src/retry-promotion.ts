import type { Job, Queue } from 'bullmq';
import { PROMOTION_JOB_OPTIONS, type BuildJobData, type PromotionJobData } from '@auto-promote/queues';
import type { PromotionRecord, PromotionStatus, PromotionStore, RetryAudit } from '@auto-promote/records';
import { OperationError } from './errors/operation-error';

/** The statuses an operator may retry: Jenkins ran and failed, or auto-promote gave up. */
export const RETRYABLE_STATUSES: readonly PromotionStatus[] = ['abandoned', 'failed'];

export interface RetryResult {
  record: PromotionRecord;
  /** What happened to the promotion's job: finished and re-run, gone and added again, or still queued. */
  job: 'retried' | 'added' | 'queued';
}

/** Which promotion holds "latest" for an app and target: the planner's, handed in by the composition root. */
export interface LatestLookup {
  get(targetEnv: string, app: string): Promise<{ id: string } | null>;
}

export interface RetryDeps {
  promotions: PromotionStore;
  latest: LatestLookup;
  promotionsQueue: Queue<PromotionJobData>;
  buildsQueue: Queue<BuildJobData>;
  clock?: () => Date;
}

/**
 * Sends an abandoned or failed promotion through the dispatcher again: the record goes back to `planned`
 * (trigger intent, error, reason and Jenkins progress cleared; the retry kept in `retries`; the retry horizon
 * counted from now), and its job is re-run. BullMQ keeps a finished job under its id (completed 7 days,
 * failed 30), where adding the id again would be a no-op: such a job is retried in place; one already gone
 * is added anew. The old build-following job is removed so the new build is followed.
 *
 * A newer promotion of the same app and target holds "latest": retrying this one would promote an older
 * commit over it, so that needs `force`.
 */
export async function retryPromotion(
  deps: RetryDeps,
  record: PromotionRecord,
  options: { force?: boolean } = {},
): Promise<RetryResult> {
  const { id } = record;
  if (!RETRYABLE_STATUSES.includes(record.status)) {
    throw new OperationError(
      `${id} is ${record.status}: only ${RETRYABLE_STATUSES.join(' or ')} promotions can be retried`,
    );
  }
  const latest = await deps.latest.get(record.targetEnv, record.app);
  if (latest && latest.id !== id && !options.force) {
    throw new OperationError(
      `a newer promotion of ${record.app} to ${record.targetEnv} exists (${latest.id}): retrying this one would promote an older commit over it — retry that one, or use --force`,
    );
  }
  const now = (deps.clock?.() ?? new Date()).toISOString();
  const audit: RetryAudit = {
    at: now,
    fromStatus: record.status,
    reason: record.reason,
    lastError: record.lastError,
    buildUrl: record.jenkins.buildUrl,
  };
  const result = await deps.promotions.update(
    id,
    {
      status: 'planned',
      reason: null,
      lastError: null,
      triggerIntentAt: null,
      frozen: null,
      retryHorizonFrom: now,
      retries: [...(record.retries ?? []), audit],
      jenkins: { queueUrl: null, queueId: null, buildNumber: null, buildUrl: null, result: null },
    },
    [record.status],
  );
  if (result.kind === 'missing') throw new OperationError(`no promotion record ${id}`);
  if (result.kind === 'not-allowed')
    throw new OperationError(`${id} changed to ${result.record.status} meanwhile: not retried`);

  const buildJob = await deps.buildsQueue.getJob(id);
  if (buildJob) await removeUnlessActive(buildJob);
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

async function removeUnlessActive(job: Job): Promise<void> {
  if ((await job.getState()) === 'active') return; // its worker finds the record planned and stops
  await job.remove();
}
