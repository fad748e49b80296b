import { Queue, Worker } from 'bullmq';
import type { RedisClient } from '@auto-promote/redis';
import { QUEUE_NAMES } from '@auto-promote/queues';
import { checkHookHealth, type HookHealthDeps } from './hook-health';
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
    /** Also read the health of auto-promote's GitLab hook on each run (and repair it when configured). */
    hookHealth?: HookHealthDeps;
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
      if (options.hookHealth) {
        // The hook's health is a report: a GitLab that cannot answer it must not fail the reconcile run.
        await checkHookHealth(options.hookHealth).catch((error: unknown) =>
          deps.logger.warn({ err: error }, 'could not read the health of the GitLab webhook'),
        );
      }
      await options.afterReconcile?.();
      return outcomes;
    },
    { connection: options.connection, prefix: options.prefix, concurrency: 1 },
  );
  return { worker, queue };
}
