import { eventId } from '@auto-promote/domain';
import type { PushEventProducer, PushEventJobData } from '@auto-promote/queues';
import { PROJECT_PATH } from './bench-env';
import { inParallel } from './in-parallel';

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
