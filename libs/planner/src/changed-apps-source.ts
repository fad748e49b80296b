import type { ChangedPath, CompareResult, GitLabClient } from '@auto-promote/gitlab';
import { AppTrees } from './app-trees';

/**
 * App directories whose tree id differs between two commits. One listing per commit finds every
 * changed app exactly, however many files changed — the fallback when GitLab truncates a compare.
 */
async function appDirsWithDifferentTrees(
  trees: AppTrees,
  appsDir: string,
  before: string,
  after: string,
): Promise<ChangedPath[]> {
  const [a, b] = await Promise.all([trees.ids(before), trees.ids(after)]);
  const changed: ChangedPath[] = [];
  for (const name of new Set([...a.keys(), ...b.keys()])) {
    if (a.get(name) !== b.get(name)) {
      // A path inside the app directory is all the domain needs to name the app.
      const path = `${appsDir}/${name}/`;
      changed.push({ oldPath: path, newPath: path, newFile: !a.has(name), deleted: !b.has(name) });
    }
  }
  return changed;
}

export interface PushChanges {
  /** Every changed path GitLab listed, plus one path per app directory found by the tree fallback. */
  changes: ChangedPath[];
  compare: CompareResult;
  /** True when GitLab truncated the compare and tree ids decided which apps changed. */
  usedTreeFallback: boolean;
}

/** What changed between two commits, straight (force pushes included), never missing an app to truncation. */
export async function collectChanges(
  gitlab: GitLabClient,
  project: string | number,
  appsDir: string,
  before: string,
  after: string,
): Promise<PushChanges> {
  const compare = await gitlab.compare(project, before, after, true);
  if (!compare.truncated) return { changes: compare.changes, compare, usedTreeFallback: false };
  const fromTrees = await appDirsWithDifferentTrees(
    new AppTrees(gitlab, project, appsDir),
    appsDir,
    before,
    after,
  );
  return { changes: [...compare.changes, ...fromTrees], compare, usedTreeFallback: true };
}
