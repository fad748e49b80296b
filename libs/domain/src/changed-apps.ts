import { appNameProblem } from './app-name';
import { DEFAULT_APPS_DIR, normalizeAppsDir } from './apps-dir';
import { pathsOf, type ChangedPath } from './changed-path';

/** A directory under APPS_DIR that changed but will never be promoted, and why. */
export interface RejectedApp {
  name: string;
  reason: string;
}

/** The apps a set of changes touched. */
export interface ChangedApps {
  /** Safe app directory names, sorted and unique. */
  apps: string[];
  /** Unsafe directory names (deduplicated, sorted), to be logged and skipped. */
  rejected: RejectedApp[];
}

/**
 * The app a repository path belongs to: the first segment under `appsDir/` (already normalised), or null
 * when the path is outside it or is a file directly in it (`manifests/README.md` is not an app).
 */
export function appDirOf(path: string, appsDir: string): string | null {
  const prefix = `${appsDir}/`;
  if (!path.startsWith(prefix)) return null; // also keeps `manifestsX/…` out of `manifests/`
  const rest = path.slice(prefix.length);
  const slash = rest.indexOf('/');
  return slash === -1 ? null : rest.slice(0, slash);
}

/**
 * The apps touched by `changes` (old and new side of renames, deletions included). Names that fail
 * `isSafeAppName` are reported in `rejected`, never in `apps`. `appsDir` defaults to `manifests`; nested
 * directories and trailing slashes are fine; an invalid one throws `InvalidAppsDirError`.
 */
export function changedApps(
  changes: readonly ChangedPath[],
  appsDir: string = DEFAULT_APPS_DIR,
): ChangedApps {
  const dir = normalizeAppsDir(appsDir);
  const apps = new Set<string>();
  const rejected = new Map<string, string>();
  for (const change of changes) {
    for (const path of pathsOf(change)) {
      const name = appDirOf(path, dir);
      if (name === null) continue;
      const problem = appNameProblem(name);
      if (problem === null) apps.add(name);
      else if (!rejected.has(name)) rejected.set(name, `app directory name ${problem}`);
    }
  }
  return {
    apps: [...apps].sort(),
    rejected: [...rejected]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, reason]) => ({ name, reason })),
  };
}

/** The file lists of one webhook commit (GitLab sends only the newest 20 commits of a push). */
export interface CommitFiles {
  added: readonly string[];
  modified: readonly string[];
  removed: readonly string[];
}

/**
 * The apps touched by a webhook's commit list (added + modified + removed). Only a hint: the payload holds at
 * most 20 commits, so the planner should prefer a before..after compare.
 */
export function changedAppsFromCommits(
  commits: readonly CommitFiles[],
  appsDir: string = DEFAULT_APPS_DIR,
): ChangedApps {
  return changedApps(
    commits.flatMap((c) => [...c.added, ...c.modified, ...c.removed]),
    appsDir,
  );
}
