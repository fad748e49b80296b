import type { EmulatedProject } from '../project';
import { MergeRequestError, type MergeRequest } from './merge-requests';
import { gitDateFromMs, isoUtc } from './time';
import type { RefUpdate } from './types';

export interface MergeOptions {
  /** Must equal the source branch head when given (GitLab's `sha` parameter). */
  sha?: string;
  /** Overrides GitLab's default merge commit message. */
  message?: string;
  shouldRemoveSourceBranch?: boolean;
  /** Await the Push Hook deliveries before resolving (default true). */
  waitForHooks?: boolean;
}

/** GitLab's default merge commit template. */
export function defaultMergeMessage(mr: MergeRequest, projectPath: string): string {
  return `Merge branch '${mr.sourceBranch}' into '${mr.targetBranch}'\n\n${mr.title}\n\nSee merge request ${projectPath}!${mr.iid}\n`;
}

/** Why GitLab (17.x) refuses to merge: a closed/merged/conflicting MR is "not mergeable" → 405. */
function notAllowed(): MergeRequestError {
  return new MergeRequestError(405, { message: '405 Method Not Allowed' });
}

/**
 * Merges with a real three-way merge (`git merge-tree --write-tree`) and a two-parent merge commit, like
 * GitLab's default "merge commit" method. Runs inside the project's write lock; returns the ref updates whose
 * Push Hooks the caller sends once the lock is released.
 */
export async function mergeMergeRequest(
  project: EmulatedProject,
  iid: number,
  options: MergeOptions,
): Promise<{ mr: MergeRequest; updates: RefUpdate[] }> {
  const store = project.mergeRequestStore;
  const mr = store.get(iid);
  if (mr.state !== 'opened') throw notAllowed();
  const source = project.branchHead(mr.sourceBranch);
  const target = project.branchHead(mr.targetBranch);
  if (source === undefined || target === undefined) throw notAllowed();
  if (options.sha !== undefined && options.sha !== source) {
    throw new MergeRequestError(409, { message: `SHA does not match HEAD of source branch: ${source}` });
  }
  const merged = await project.repo.mergeTree(target, source);
  if (!merged.clean) throw notAllowed();
  const now = project.context.now();
  const message = options.message ?? defaultMergeMessage(mr, project.path);
  const sha = await project.repo.commitTree(
    merged.tree,
    [target, source],
    message,
    project.context.user,
    gitDateFromMs(now),
  );
  const updates = [await project.moveBranch(mr.targetBranch, target, sha)];
  store.markMerged(mr, sha, source, isoUtc(now));
  if (options.shouldRemoveSourceBranch ?? mr.shouldRemoveSourceBranch) {
    updates.push(await project.removeBranch(mr.sourceBranch));
  }
  return { mr: { ...mr }, updates };
}

/** GitLab's merge_status / has_conflicts for an open MR, from a trial merge. */
export async function mergeability(project: EmulatedProject, mr: MergeRequest): Promise<boolean> {
  const source = project.branchHead(mr.sourceBranch);
  const target = project.branchHead(mr.targetBranch);
  if (source === undefined || target === undefined) return false;
  return (await project.repo.mergeTree(target, source)).clean;
}
