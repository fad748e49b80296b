import { DelayedError, type Job } from 'bullmq';

/**
 * Parks the job in the delayed set until `at` and ends this run of it: no worker slot and no attempt is
 * held while it waits. The job runs again from the top and reads its record, so nothing is carried over.
 */
export async function parkUntil(job: Job, token: string | undefined, at: number): Promise<never> {
  await job.moveToDelayed(Math.round(at), token);
  throw new DelayedError();
}
