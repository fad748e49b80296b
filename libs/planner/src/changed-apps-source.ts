import {
  GitLabNotFoundError,
  type ChangedPath,
  type CompareResult,
  type GitLabClient,
} from '@auto-promote/gitlab';
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
  /** Set when the push's `before` was unknown to GitLab and the range came from elsewhere: says from where. */
  rangeNote: string | null;
}

/** Where a push whose `before` GitLab does not know is planned from instead. */
export interface RangeFallback {
  /** The branch's last planned head (the reconciler's mark), or null. */
  plannedHead: () => Promise<string | null>;
  /** The branch the source branch promotes to: what differs from it is what may need promoting. */
  targetBranch: string;
}

/**
 * The compare of a push. A `before` GitLab does not know (a force push after garbage collection, a payload
 * from another copy of the repository) answers 404: the push is then planned from the branch's last planned
 * head, or — when that is unknown or gone too — from what differs between its target branch and `after`,
 * and the note says which. Never dropped.
 */
async function compareRange(
  gitlab: GitLabClient,
  project: string | number,
  before: string,
  after: string,
  fallback: RangeFallback | undefined,
): Promise<{ compare: CompareResult; from: string; rangeNote: string | null }> {
  try {
    return { compare: await gitlab.compare(project, before, after, true), from: before, rangeNote: null };
  } catch (error) {
    if (!(error instanceof GitLabNotFoundError) || !fallback) throw error;
  }
  const unknown = `GitLab does not know the push's before ${before.slice(0, 8)}`;
  const head = await fallback.plannedHead();
  if (head !== null && head !== before) {
    try {
      const compare = await gitlab.compare(project, head, after, true);
      return {
        compare,
        from: head,
        rangeNote: `${unknown}: planned from the last planned head ${head.slice(0, 8)}`,
      };
    } catch (error) {
      if (!(error instanceof GitLabNotFoundError)) throw error;
    }
  }
  const target = fallback.targetBranch;
  const compare = await gitlab.compare(project, target, after, true);
  return { compare, from: target, rangeNote: `${unknown}: planned from what differs from '${target}'` };
}

/** What changed between two commits, straight (force pushes included), never missing an app to truncation. */
export async function collectChanges(
  gitlab: GitLabClient,
  project: string | number,
  appsDir: string,
  before: string,
  after: string,
  fallback?: RangeFallback,
): Promise<PushChanges> {
  const { compare, from, rangeNote } = await compareRange(gitlab, project, before, after, fallback);
  if (!compare.truncated) return { changes: compare.changes, compare, usedTreeFallback: false, rangeNote };
  const fromTrees = await appDirsWithDifferentTrees(
    new AppTrees(gitlab, project, appsDir),
    appsDir,
    from,
    after,
  );
  return { changes: [...compare.changes, ...fromTrees], compare, usedTreeFallback: true, rangeNote };
}
