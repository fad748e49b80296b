import { appDirOf } from './changed-apps';
import { pathsOf, type ChangedPath } from './changed-path';
import { shortSha } from './sha';

/** Why a commit opts out of promotion. */
export interface CommitMarker {
  kind: 'no-promote' | 'revert';
  /** How the marker is named in a skip reason: `[no-promote]`, `[skip promote]` or `revert`. */
  label: string;
}

/** A commit of a pushed range, as GitLab's compare lists it. */
export interface RangeCommit {
  id: string;
  parentIds: readonly string[];
  message: string;
}

const OPT_OUT = /\[(no-promote|skip promote)\]/i;
/** git's and GitLab's revert title: `Revert "<title of the reverted commit>"`. */
const REVERT_TITLE = /^revert\s+"/i;
const REVERT_BODY = /^this reverts commit [0-9a-f]{7,64}\b/im;

/**
 * The marker a commit message carries, or null: `[no-promote]` / `[skip promote]` anywhere in the message
 * (case-insensitive), or a revert (a `Revert "…"` title or a `This reverts commit <sha>` line). An explicit
 * opt-out wins over a revert.
 */
export function commitMarker(message: string): CommitMarker | null {
  const optOut = OPT_OUT.exec(message);
  if (optOut) return { kind: 'no-promote', label: `[${(optOut[1] ?? '').toLowerCase()}]` };
  const title = message.split('\n', 1)[0] ?? '';
  if (REVERT_TITLE.test(title.trim()) || REVERT_BODY.test(message))
    return { kind: 'revert', label: 'revert' };
  return null;
}

/** Which commits of a range the skip rules need the changed paths of. */
export interface RangeInspection {
  /** Commits carrying a marker. A marked merge commit's diff (against its first parent) covers what it merged. */
  marked: Array<{ commit: RangeCommit; marker: CommitMarker }>;
  /**
   * Unmarked commits that are not merge commits and were not brought in by a marked merge: an app they
   * touched is promoted. Unmarked merge commits are neutral — their diff repeats the commits they merge.
   */
  unmarked: RangeCommit[];
}

/** Commits of `commits` reachable from `starts` through parents, staying inside the range. */
function reachable(starts: readonly string[], byId: ReadonlyMap<string, RangeCommit>): Set<string> {
  const seen = new Set<string>();
  const stack = starts.filter((id) => byId.has(id));
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const parent of byId.get(id)?.parentIds ?? []) if (byId.has(parent)) stack.push(parent);
  }
  return seen;
}

/**
 * Splits a pushed range for the skip rules. A range without markers needs nothing more (no extra GitLab
 * call); otherwise the marked commits' paths are needed, and the unmarked ones' only to tell whether they
 * touched the same apps.
 */
export function inspectRange(commits: readonly RangeCommit[]): RangeInspection {
  const marked = commits.flatMap((commit) => {
    const marker = commitMarker(commit.message);
    return marker ? [{ commit, marker }] : [];
  });
  if (marked.length === 0) return { marked: [], unmarked: [] };
  const byId = new Map(commits.map((c) => [c.id, c]));
  const covered = new Set<string>();
  for (const { commit } of marked) {
    if (commit.parentIds.length < 2) continue;
    // What a merge brought in: reachable from its other parents, not from its first parent.
    const mainline = reachable(commit.parentIds.slice(0, 1), byId);
    for (const id of reachable(commit.parentIds.slice(1), byId)) if (!mainline.has(id)) covered.add(id);
  }
  const markedIds = new Set(marked.map((m) => m.commit.id));
  const unmarked = commits.filter(
    (c) => !markedIds.has(c.id) && !covered.has(c.id) && c.parentIds.length < 2,
  );
  return { marked, unmarked };
}

/** The changed paths of one commit (its diff against its first parent). */
export interface CommitPaths {
  commit: RangeCommit;
  paths: readonly ChangedPath[];
}

function appsTouched(paths: readonly ChangedPath[], appsDir: string): Set<string> {
  const apps = new Set<string>();
  for (const change of paths) {
    for (const path of pathsOf(change)) {
      const app = appDirOf(path, appsDir);
      if (app !== null) apps.add(app);
    }
  }
  return apps;
}

const LISTED_COMMITS = 3;

/**
 * The apps among `candidates` that only opted-out commits changed, with the reason to record. An app also
 * changed by an unmarked commit is promoted. `appsDir` must be normalised (no trailing slash).
 */
export function appsOptedOut(input: {
  candidates: readonly string[];
  marked: ReadonlyArray<CommitPaths & { marker: CommitMarker }>;
  unmarked: readonly CommitPaths[];
  appsDir: string;
}): Map<string, string> {
  const byApp = new Map<string, Array<{ commit: RangeCommit; marker: CommitMarker }>>();
  for (const m of input.marked) {
    for (const app of appsTouched(m.paths, input.appsDir)) {
      byApp.set(app, [...(byApp.get(app) ?? []), { commit: m.commit, marker: m.marker }]);
    }
  }
  for (const u of input.unmarked) for (const app of appsTouched(u.paths, input.appsDir)) byApp.delete(app);
  const reasons = new Map<string, string>();
  for (const app of input.candidates) {
    const commits = byApp.get(app);
    if (!commits) continue;
    const listed = commits
      .slice(0, LISTED_COMMITS)
      .map((c) => `${shortSha(c.commit.id)} (${c.marker.label})`)
      .join(', ');
    const more = commits.length > LISTED_COMMITS ? ` and ${commits.length - LISTED_COMMITS} more` : '';
    reasons.set(app, `${app} was only changed by commits that opt out of promotion: ${listed}${more}`);
  }
  return reasons;
}
