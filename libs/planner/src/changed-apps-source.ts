import { changedApps, type ChangedApps } from '@auto-promote/domain';
import type { ChangedPath, CompareResult, GitLabClient } from '@auto-promote/gitlab';

/**
 * App directories whose tree id differs between two commits. One listing per commit finds every
 * changed app exactly, however many files changed — the fallback when GitLab truncates a compare.
 */
async function appsWithDifferentTrees(
  gitlab: GitLabClient,
  project: string | number,
  appsDir: string,
  before: string,
  after: string,
): Promise<ChangedPath[]> {
  const [old, next] = await Promise.all([
    gitlab.tree(project, appsDir, before),
    gitlab.tree(project, appsDir, after),
  ]);
  const ids = (entries: typeof old) =>
    new Map((entries ?? []).filter((e) => e.type === 'tree').map((e) => [e.name, e.id] as const));
  const a = ids(old);
  const b = ids(next);
  const changed: ChangedPath[] = [];
  for (const name of new Set([...a.keys(), ...b.keys()])) {
    if (a.get(name) !== b.get(name)) {
      // A synthetic path inside the app directory is all the domain needs to name the app.
      const path = `${appsDir}/${name}/`;
      changed.push({ oldPath: path, newPath: path, newFile: !a.has(name), deleted: !b.has(name) });
    }
  }
  return changed;
}

export interface ChangedAppsFromGitLab extends ChangedApps {
  compare: CompareResult;
  /** True when the compare was truncated and tree ids decided instead. */
  usedTreeFallback: boolean;
}

/** Changed apps between two commits, straight (force pushes included), never missing one to truncation. */
export async function findChangedApps(
  gitlab: GitLabClient,
  project: string | number,
  appsDir: string,
  before: string,
  after: string,
): Promise<ChangedAppsFromGitLab> {
  const compare = await gitlab.compare(project, before, after, true);
  if (!compare.truncated) {
    return { ...changedApps(compare.changes, appsDir), compare, usedTreeFallback: false };
  }
  const fromTrees = await appsWithDifferentTrees(gitlab, project, appsDir, before, after);
  return { ...changedApps([...compare.changes, ...fromTrees], appsDir), compare, usedTreeFallback: true };
}
