/** Queue names shared by producers, workers, Bull Board and metrics. */
export const QUEUE_NAMES = {
  pushEvents: 'push-events',
  promotions: 'promotions',
  reconcile: 'reconcile',
  /** Commit statuses and merge request notes for GitLab: best effort, never in a promotion's way. */
  feedback: 'feedback',
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export const ALL_QUEUES: readonly QueueName[] = Object.values(QUEUE_NAMES);
