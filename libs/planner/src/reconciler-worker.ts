import { Queue, Worker } from 'bullmq';
import type { RedisClient } from '@auto-promote/redis';
import { QUEUE_NAMES } from '@auto-promote/queues';
import { reconcile, type ReconcileDeps, type ReconcileOutcome } from './reconcile';

export const RECONCILE_SCHEDULER_ID = 'reconcile-branches';

/**
 * Runs `reconcile` every `intervalMs` as a BullMQ job scheduler: one schedule in Redis however many
 * planners run, and a single job at a time.
 */
export async function createReconcilerWorker(
  deps: ReconcileDeps,
  options: {
    connection: RedisClient;
    queueConnection: RedisClient;
    prefix: string;
    intervalMs: number;
    /** Runs after each reconcile (e.g. the board's environment observer); must not throw. */
    afterReconcile?: () => Promise<void>;
  },
): Promise<{ worker: Worker; queue: Queue }> {
  const queue = new Queue(QUEUE_NAMES.reconcile, {
    connection: options.queueConnection,
    prefix: options.prefix,
  });
  await queue.upsertJobScheduler(
    RECONCILE_SCHEDULER_ID,
    { every: options.intervalMs },
    { name: 'reconcile', opts: { removeOnComplete: 100, removeOnFail: 100 } },
  );
  const worker = new Worker<unknown, Record<string, ReconcileOutcome>>(
    QUEUE_NAMES.reconcile,
    async () => {
      const outcomes = await reconcile(deps);
      await options.afterReconcile?.();
      return outcomes;
    },
    { connection: options.connection, prefix: options.prefix, concurrency: 1 },
  );
  return { worker, queue };
}
