import type { Config } from '@auto-promote/config';
import { QUEUE_NAMES } from '@auto-promote/queues';

/** GitLab feedback (commit statuses, merge request notes) is on. */
export const feedbackEnabled = (config: Config): boolean =>
  config.gitlab.feedback.status || config.gitlab.feedback.note;

/** The queues every process lists for Bull Board and the queue gauges, whichever roles it runs. */
export function serviceQueueNames(config: Config): string[] {
  const names: string[] = [QUEUE_NAMES.pushEvents, QUEUE_NAMES.promotions];
  // GitLab feedback goes through a queue of its own: never in a promotion's way.
  if (feedbackEnabled(config)) names.push(QUEUE_NAMES.feedback);
  return names;
}
