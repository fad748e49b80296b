/** Queue names shared by producers, workers, Bull Board and metrics. */
export const QUEUE_NAMES = {
  pushEvents: 'push-events',
  promotions: 'promotions',
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export const ALL_QUEUES: readonly QueueName[] = [QUEUE_NAMES.pushEvents, QUEUE_NAMES.promotions];
