import { performance } from 'node:perf_hooks';
import { eventId } from '@auto-promote/domain';
import type { PushEventProducer, PushEventJobData } from '@auto-promote/queues';
import { PROJECT_PATH } from './bench-env';
import { inParallel } from './in-parallel';
import type { TriggerWatch } from './trigger-watch';

/** The push-event job of a push to `branch` moving it from `before` to `after`, as the ingress makes it. */
export function pushJob(projectId: number, before: string, after: string, branch = 'dev'): PushEventJobData {
  return {
    eventId: eventId({ projectId, ref: `refs/heads/${branch}`, before, after }),
    source: 'webhook',
    projectId,
    projectPath: PROJECT_PATH,
    branch,
    before,
    after,
    totalCommitsCount: 1,
    userUsername: 'bench',
    receivedAt: new Date().toISOString(),
  };
}

/** Enqueues every push through the producer (64 at a time); each must be `queued`. */
export async function enqueueAll(
  producer: PushEventProducer,
  jobs: readonly PushEventJobData[],
): Promise<void> {
  await inParallel(jobs, 64, async (job) => {
    if ((await producer.enqueue(job)) !== 'queued') throw new Error(`push ${job.eventId} was not queued`);
  });
}

/**
 * Enqueues every push at once (as `enqueueAll`) and waits until Jenkins has accepted `triggers` builds in
 * all: seconds from the first enqueue to the last trigger, and how long the enqueueing itself took.
 */
export async function timedBurst(
  producer: PushEventProducer,
  jobs: readonly PushEventJobData[],
  watch: TriggerWatch,
  triggers: number,
  timeoutMs = 600_000,
): Promise<{ seconds: number; enqueueSeconds: number }> {
  const started = performance.now();
  await enqueueAll(producer, jobs);
  const enqueueSeconds = (performance.now() - started) / 1000;
  await watch.reach(triggers, timeoutMs);
  const last = watch.times[watch.times.length - 1] ?? performance.now();
  return { seconds: (last - started) / 1000, enqueueSeconds };
}
