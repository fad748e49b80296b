import type { FeedbackNotifier } from '@auto-promote/queues';
import type { Infrastructure } from '../infrastructure';
import { feedbackEnabled } from '../service-queues';

/**
 * Queues the GitLab feedback of an event once the planner has planned it, or undefined when feedback is off.
 * (Each later change is reported through the infrastructure's transitions.)
 */
export function notifyFeedback(infra: Infrastructure): FeedbackNotifier | undefined {
  return feedbackEnabled(infra.config) ? infra.feedbackNotifier() : undefined;
}
