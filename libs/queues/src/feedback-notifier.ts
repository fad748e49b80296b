import type { Queue } from 'bullmq';
import type { FeedbackJobData } from './job-data';
import { FEEDBACK_JOB_OPTIONS } from './job-options';

/** Asks for the GitLab feedback of an event to be brought up to date; never throws. */
export type FeedbackNotifier = (eventId: string) => Promise<void>;

/**
 * Queues a feedback job for an event, `delayMs` later. Deduplicated per event with `keepLastIfActive`: at
 * most one job runs and one waits per event, and the waiting one reads the records when it runs, so it
 * reports the latest state however many transitions came in between — the delay makes that window: a
 * push planned and triggered within it gets one commit status instead of one per transition, and the
 * feedback work stays out of the way of the promotions themselves. A failure to queue is handed to
 * `onError`: feedback must never fail a promotion.
 */
export function feedbackNotifier(
  queue: Queue<FeedbackJobData>,
  onError: (error: Error, eventId: string) => void,
  delayMs = 0,
): FeedbackNotifier {
  return async (eventId) => {
    try {
      await queue.add(
        'feedback',
        { eventId },
        { ...FEEDBACK_JOB_OPTIONS, delay: delayMs, deduplication: { id: eventId, keepLastIfActive: true } },
      );
    } catch (error) {
      onError(error as Error, eventId);
    }
  };
}
