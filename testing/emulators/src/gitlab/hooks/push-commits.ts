import type { GitRepository } from '../git/git-repository';
import { ZERO_SHA, type RefUpdate } from '../model/types';
import { PUSH_HOOK_COMMIT_LIMIT, type PushedCommit } from './push-payload';

/** GitLab caps the commits it processes for a newly created default branch (Git::BranchHooksService). */
const PROCESS_COMMIT_LIMIT = 100;

export interface PushCommits {
  commits: PushedCommit[];
  total: number;
}

/**
 * Which commits a push hook reports, following GitLab's Git::BranchHooksService:
 * - update: before..after (a pure rewind therefore reports none);
 * - creation of the default branch (or of any branch while the default branch does not exist): its newest
 *   100 commits, with the full branch length as the count;
 * - creation of another branch: commits not reachable from the default branch;
 * - deletion: none.
 */
export async function collectPushCommits(
  repo: GitRepository,
  update: RefUpdate,
  defaultBranch: { name: string; head: string | undefined },
): Promise<PushCommits> {
  const { before, after, branch } = update;
  if (after === ZERO_SHA) return { commits: [], total: 0 };
  let shas: string[];
  let total: number;
  if (before !== ZERO_SHA) {
    shas = await repo.revList(after, [before]);
    total = shas.length;
  } else if (branch === defaultBranch.name || defaultBranch.head === undefined) {
    shas = await repo.revList(after, [], PROCESS_COMMIT_LIMIT);
    total = await repo.countCommits(after);
  } else {
    shas = await repo.revList(after, [defaultBranch.head]);
    total = shas.length;
  }
  const newest = shas.slice(-PUSH_HOOK_COMMIT_LIMIT);
  const infos = await repo.readCommits(newest);
  const commits = await Promise.all(
    infos.map(async (info) => ({ info, files: await repo.commitFiles(info.id) })),
  );
  return { commits, total };
}
