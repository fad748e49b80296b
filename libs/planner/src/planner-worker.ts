import { UnrecoverableError, Worker } from 'bullmq';
import type { RedisClient } from '@auto-promote/redis';
import { GitLabPermanentError } from '@auto-promote/gitlab';
import { QUEUE_NAMES, cappedBackoffSettings, type PushEventJobData } from '@auto-promote/queues';
import { eventRecordFor } from './event-record-for';
import { refreshOpenMergeRequestsQuietly } from './merge-request-refresh';
import { planPushEvent, type PlanOutcome, type PlannerDeps } from './plan-push-event';

export interface PlannerWorkerOptions {
  connection: RedisClient;
  prefix: string;
  concurrency: number;
  retryMaxDelayMs: number;
}

/** The planner role: a BullMQ worker on `push-events`. */
export function createPlannerWorker(
  deps: PlannerDeps,
  options: PlannerWorkerOptions,
): Worker<PushEventJobData, PlanOutcome> {
  const worker = new Worker<PushEventJobData, PlanOutcome>(
    QUEUE_NAMES.pushEvents,
    async (job) => {
      try {
        const outcome = await planPushEvent(job.data, deps);
        // A push to a target branch may be a promotion's merge request merged: its record follows.
        const isTarget = [...deps.config.promotion.map.values()].includes(job.data.branch);
        if (isTarget && deps.mergeRequests)
          await refreshOpenMergeRequestsQuietly(deps.mergeRequests, [job.data.branch]);
        return outcome;
      } catch (error) {
        if (error instanceof GitLabPermanentError) {
          // Retrying cannot fix a bad token or an unknown commit: fail the event with the reason.
          await deps.events.put(eventRecordFor(job.data, 'failed', error.message));
          deps.logger.error({ eventId: job.data.eventId, err: error }, 'push event failed permanently');
          throw new UnrecoverableError(error.message);
        }
        deps.logger.warn(
          { eventId: job.data.eventId, attempt: job.attemptsMade + 1, error: (error as Error).message },
          'planning failed; will retry',
        );
        throw error;
      }
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      settings: cappedBackoffSettings(options.retryMaxDelayMs),
    },
  );
  return worker;
}
