import type { JobsOptions } from 'bullmq';
import { CAPPED_BACKOFF } from './retry-backoff';

const DAY_SECONDS = 86_400;

/** How long finished jobs are kept: this is also the window in which job ids deduplicate. */
export const JOB_RETENTION = {
  completedSeconds: 7 * DAY_SECONDS,
  failedSeconds: 30 * DAY_SECONDS,
  completedCount: 100_000,
} as const;

/**
 * Push events: retried for about a day with capped backoff (GitLab outages), then failed and kept
 * for inspection and replay.
 */
export const PUSH_EVENT_JOB_OPTIONS: JobsOptions = {
  attempts: 1_500,
  backoff: { type: CAPPED_BACKOFF, delay: 1_000 },
  removeOnComplete: { age: JOB_RETENTION.completedSeconds, count: JOB_RETENTION.completedCount },
  removeOnFail: { age: JOB_RETENTION.failedSeconds },
};

/**
 * Promotions: the dispatcher itself abandons a promotion after JENKINS_RETRY_HORIZON, so attempts
 * only need to be large enough never to run out first. A finished job is removed at once: the record
 * is the promotion's history and its identity (the planner adds a job only with a new or still planned
 * record), and `retry` adds the job anew.
 */
export const PROMOTION_JOB_OPTIONS: JobsOptions = {
  attempts: 100_000,
  backoff: { type: CAPPED_BACKOFF, delay: 1_000 },
  removeOnComplete: true,
  removeOnFail: { age: JOB_RETENTION.failedSeconds },
};

/**
 * GitLab feedback: a few retries with the capped backoff, then given up — feedback is best effort. One job
 * per event waits at a time (and at most one runs), so bursts of transitions coalesce.
 */
export const FEEDBACK_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: CAPPED_BACKOFF, delay: 1_000 },
  removeOnComplete: true,
  removeOnFail: { age: DAY_SECONDS },
};
