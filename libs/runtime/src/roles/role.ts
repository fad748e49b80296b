import type { Worker } from 'bullmq';
import type { Infrastructure } from '../infrastructure';

/** A role running in this process. */
export interface RunningRole {
  readonly name: string;
  /** Takes no new work and lets in-flight work finish within `timeoutMs`, then forces the rest to stop. */
  stop(timeoutMs: number): Promise<void>;
}

/** What every BullMQ worker of a role is given: a blocking connection of its own, the prefix, the retry cap. */
export function workerOptions(
  infra: Infrastructure,
  name: string,
): { connection: ReturnType<Infrastructure['connect']>; prefix: string; retryMaxDelayMs: number } {
  return {
    connection: infra.connect('worker', name),
    prefix: infra.prefix,
    retryMaxDelayMs: infra.config.retry.maxDelayMs,
  };
}

/**
 * A role made of BullMQ workers: their errors are logged, and `stop` closes them gracefully — forced once
 * `timeoutMs` has passed — then runs `afterStop`.
 */
export function workerRole(
  infra: Infrastructure,
  name: string,
  workers: readonly Worker[],
  afterStop?: () => Promise<void>,
): RunningRole {
  const { logger } = infra;
  for (const worker of workers) {
    worker.on('error', (error) => logger.warn({ worker: worker.name, error: error.message }, 'worker error'));
  }
  return {
    name,
    stop: async (timeoutMs) => {
      const closed = Promise.all(workers.map((w) => w.close()));
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      if ((await Promise.race([closed, timedOut])) === 'timeout') {
        logger.warn({ role: name }, 'in-flight jobs did not finish in time; forcing workers closed');
        await Promise.all(workers.map((w) => w.close(true)));
      }
      clearTimeout(timer);
      await afterStop?.();
    },
  };
}
