import type { Job } from '../job';
import type { BuildResult } from '../types';

const COLORS: Record<BuildResult, string> = {
  SUCCESS: 'blue',
  UNSTABLE: 'yellow',
  FAILURE: 'red',
  NOT_BUILT: 'notbuilt',
  ABORTED: 'aborted',
};

/** BallColor of a job: last completed result, `_anime` while a build runs. */
export function colorOf(job: Job): string {
  if (job.disabled) return 'disabled';
  const done = job.latest((b) => !b.building);
  const base = done?.result ? COLORS[done.result] : 'notbuilt';
  return job.running() > 0 ? `${base}_anime` : base;
}
