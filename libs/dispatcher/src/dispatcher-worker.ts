import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_NAMES, cappedBackoffSettings, type PromotionJobData } from '@auto-promote/queues';
import { dispatchPromotion, type DispatchOutcome, type DispatcherDeps } from './dispatch-promotion';

export interface DispatcherWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  retryMaxDelayMs: number;
}

/** The dispatcher role: a BullMQ worker on `promotions`. */
export function createDispatcherWorker(
  deps: DispatcherDeps,
  options: DispatcherWorkerOptions,
): Worker<PromotionJobData, DispatchOutcome> {
  return new Worker<PromotionJobData, DispatchOutcome>(
    QUEUE_NAMES.promotions,
    (job, token) => dispatchPromotion(job, token, deps),
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      settings: cappedBackoffSettings(options.retryMaxDelayMs),
    },
  );
}
