import {
  feedbackNotifier,
  QUEUE_NAMES,
  type FeedbackJobData,
  type FeedbackNotifier,
} from '@auto-promote/queues';
import { feedbackEnabled, type Infrastructure } from '../infrastructure';

/**
 * Queues the GitLab feedback of an event (the planner and the dispatcher both ask for it), or undefined when
 * feedback is off. A failure to queue is counted and logged: feedback never fails a promotion.
 */
export function notifyFeedback(infra: Infrastructure): FeedbackNotifier | undefined {
  const { config, logger, metrics } = infra;
  if (!feedbackEnabled(config)) return undefined;
  return feedbackNotifier(
    infra.queue<FeedbackJobData>(QUEUE_NAMES.feedback),
    (error, eventId) => {
      metrics.gitlabFeedback.inc({ kind: 'status', outcome: 'failed' });
      logger.warn({ eventId, error: error.message }, 'could not queue GitLab feedback');
    },
    config.gitlab.feedback.delayMs,
  );
}
