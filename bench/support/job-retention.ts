import type { JobsOptions } from 'bullmq';
import { JOB_RETENTION, PROMOTION_JOB_OPTIONS, PUSH_EVENT_JOB_OPTIONS } from '@auto-promote/queues';

/**
 * Scales the completed-job retention of the service's job options down to `ageSeconds`, in THIS process
 * only, for a retention run of the real code paths in seconds instead of 7 days (there is no setting for
 * it). Returns the function that puts the options back.
 */
export function shortenJobRetention(ageSeconds: number): () => void {
  const options: JobsOptions[] = [...new Set([PUSH_EVENT_JOB_OPTIONS, PROMOTION_JOB_OPTIONS])];
  const saved = options.map((o) => o.removeOnComplete);
  for (const o of options) o.removeOnComplete = { age: ageSeconds, count: JOB_RETENTION.completedCount };
  return () => options.forEach((o, i) => (o.removeOnComplete = saved[i]));
}
