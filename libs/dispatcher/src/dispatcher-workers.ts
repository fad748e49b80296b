import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  QUEUE_NAMES,
  cappedBackoffSettings,
  type BuildJobData,
  type PromotionJobData,
} from '@auto-promote/queues';
import { followBuild } from './follow-build';
import { triggerPromotion, type DispatchOutcome, type DispatcherDeps } from './trigger-promotion';

export interface DispatcherWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  retryMaxDelayMs: number;
  /** Triggers per second across all dispatchers (JENKINS_MAX_TRIGGERS_PER_SECOND); 0 = unlimited. */
  maxTriggersPerSecond: number;
}

/**
 * The dispatcher role: one worker triggers (rate limited, paused as a whole while Jenkins is down),
 * one follows triggered builds to their result (polls cost no worker slot while they wait).
 */
export function createDispatcherWorkers(deps: DispatcherDeps, options: DispatcherWorkerOptions): Worker[] {
  const common = {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    settings: cappedBackoffSettings(options.retryMaxDelayMs),
  };
  // BullMQ honours a manual queue.rateLimit() only with a limiter configured; "unlimited" is a very high one.
  const perSecond = options.maxTriggersPerSecond > 0 ? options.maxTriggersPerSecond : 1_000_000;
  const triggers = new Worker<PromotionJobData, DispatchOutcome>(
    QUEUE_NAMES.promotions,
    (job, token) => triggerPromotion(job, deps, token),
    { ...common, limiter: { max: perSecond, duration: 1_000 } },
  );
  const builds = new Worker<BuildJobData, DispatchOutcome>(
    QUEUE_NAMES.builds,
    (job, token) => followBuild(job, token, deps),
    common,
  );
  return [triggers, builds];
}
