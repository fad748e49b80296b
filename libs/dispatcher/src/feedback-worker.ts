import { Worker } from 'bullmq';
import type { RedisClient } from '@auto-promote/redis';
import { GitLabPermanentError } from '@auto-promote/gitlab';
import {
  FEEDBACK_JOB_OPTIONS,
  QUEUE_NAMES,
  cappedBackoffSettings,
  type FeedbackJobData,
} from '@auto-promote/queues';
import { FeedbackStepError } from './errors/feedback-step-error';
import { reportFeedback, type FeedbackDeps, type FeedbackOutcome } from './gitlab-feedback';

export interface FeedbackWorkerOptions {
  connection: RedisClient;
  prefix: string;
  retryMaxDelayMs: number;
  /** Feedback jobs at once (default 2): GitLab feedback is low volume and never urgent. */
  concurrency?: number;
}

/**
 * The worker of the `feedback` queue (run by the dispatcher role). Feedback is best effort: a GitLab that
 * is down is retried a few times with the capped backoff, then the feedback is given up with a warning and
 * the `auto_promote_gitlab_feedback_total{outcome="failed"}` counter — promotions never wait for it.
 */
export function createFeedbackWorker(
  deps: FeedbackDeps,
  options: FeedbackWorkerOptions,
): Worker<FeedbackJobData, FeedbackOutcome | null> {
  const attempts = FEEDBACK_JOB_OPTIONS.attempts ?? 1;
  return new Worker<FeedbackJobData, FeedbackOutcome | null>(
    QUEUE_NAMES.feedback,
    async (job) => {
      try {
        return await reportFeedback(job.data.eventId, deps);
      } catch (error) {
        const step = error instanceof FeedbackStepError ? error : null;
        const permanent = (step?.step ?? error) instanceof GitLabPermanentError;
        if (!permanent && job.attemptsMade + 1 < attempts) throw error;
        deps.metrics?.gitlabFeedback.inc({ kind: step?.kind ?? 'status', outcome: 'failed' });
        deps.logger.warn(
          { eventId: job.data.eventId, error: (error as Error).message },
          'GitLab feedback given up (best effort)',
        );
        return null;
      }
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 2,
      settings: cappedBackoffSettings(options.retryMaxDelayMs),
    },
  );
}
