import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { isTerminal } from '@auto-promote/domain';
import type { RedisClient } from '@auto-promote/redis';
import { MergeRequestRecorder, type PromotionRecord } from '@auto-promote/records';
import { QUEUE_NAMES, cappedBackoffSettings, type PromotionJobData } from '@auto-promote/queues';
import type { DispatchOutcome, DispatcherDeps } from './dispatcher-deps';
import { followStep } from './follow-step';
import { mergeRequestStep } from './merge-request-step';
import { triggerStep } from './trigger-step';

/**
 * The one job of a promotion, from `planned` to its result: trigger Jenkins (see `triggerStep`), then follow
 * the queue item and build (see `followStep`). Each run starts from the record in Redis, so a run that dies
 * anywhere is simply run again — by any dispatcher.
 */
export function runPromotion(
  job: Job<PromotionJobData>,
  token: string | undefined,
  deps: DispatcherDeps,
): Promise<DispatchOutcome> {
  // GitLab is told once per run (when it parks or ends), not once per transition of the run.
  return deps.transitions.batch((transitions) => runOnce(job, token, { ...deps, transitions }));
}

async function runOnce(
  job: Job<PromotionJobData>,
  token: string | undefined,
  deps: DispatcherDeps,
): Promise<DispatchOutcome> {
  const stored = await deps.transitions.store.get(job.data.promotionId);
  if (!stored) throw new UnrecoverableError(`promotion record ${job.data.promotionId} is missing`);
  if (stored.status === 'succeeded') return lookForMergeRequest(job, token, stored, deps);
  if (isTerminal(stored.status)) return { status: stored.status };
  let outcome: DispatchOutcome;
  if (stored.status !== 'planned') outcome = await followStep(job, token, stored, deps);
  else {
    const triggered = await triggerStep(job, token, stored, deps);
    if (triggered.kind === 'ended') return triggered.outcome;
    // A Jenkins without a quiet period has often started the build already: look once at once, and park
    // for JENKINS_POLL_INTERVAL_MS only if it has not.
    outcome = await followStep(job, token, triggered.record, deps);
  }
  if (outcome.status !== 'succeeded') return outcome;
  const succeeded = await deps.transitions.store.get(job.data.promotionId);
  return succeeded ? lookForMergeRequest(job, token, succeeded, deps) : outcome;
}

/** After the build succeeded, the same job finds its merge request (when the role was given the means). */
function lookForMergeRequest(
  job: Job<PromotionJobData>,
  token: string | undefined,
  record: PromotionRecord,
  deps: DispatcherDeps,
): Promise<DispatchOutcome> | DispatchOutcome {
  if (!deps.mergeRequests) return { status: record.status };
  return mergeRequestStep(job, token, record, {
    ...deps.mergeRequests,
    recorder: new MergeRequestRecorder(deps.transitions, deps.mergeRequests.recorder.index),
  });
}

export interface DispatcherWorkerOptions {
  connection: RedisClient;
  prefix: string;
  concurrency: number;
  retryMaxDelayMs: number;
}

/**
 * The dispatcher role: one worker on `promotions`. BullMQ honours a queue-wide pause (`queue.rateLimit`,
 * used while the circuit is open or the trigger rate is reached) only with a limiter configured, so one is,
 * far above any real rate; the trigger rate itself is the sliding window of `JenkinsCircuit.admit`.
 */
export function createDispatcherWorker(
  deps: DispatcherDeps,
  options: DispatcherWorkerOptions,
): Worker<PromotionJobData, DispatchOutcome> {
  return new Worker<PromotionJobData, DispatchOutcome>(
    QUEUE_NAMES.promotions,
    (job, token) => runPromotion(job, token, deps),
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      settings: cappedBackoffSettings(options.retryMaxDelayMs),
      limiter: { max: 1_000_000, duration: 1_000 },
    },
  );
}
