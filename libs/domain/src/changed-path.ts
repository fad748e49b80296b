/**
 * One changed file, as in a GitLab compare diff. A rename has different old and new paths and BOTH count as
 * changed; for additions and deletions GitLab sends the same path twice. A plain string is one path.
 */
export type ChangedPath = string | { oldPath: string; newPath: string; deleted?: boolean; newFile?: boolean };

/** The diff fields GitLab's compare and commit-diff APIs return (snake_case, as on the wire). */
export interface GitlabDiff {
  old_path: string;
  new_path: string;
  new_file?: boolean;
  deleted_file?: boolean;
  renamed_file?: boolean;
}

/** Converts a GitLab diff entry to a `ChangedPath`. */
export function changedPathFromDiff(diff: GitlabDiff): ChangedPath {
  return {
    oldPath: diff.old_path,
    newPath: diff.new_path,
    deleted: diff.deleted_file === true,
    newFile: diff.new_file === true,
  };
}

/** Every path a change touches: both sides of a rename, one path otherwise. */
export function pathsOf(change: ChangedPath): string[] {
  if (typeof change === 'string') return [change];
  return change.oldPath === change.newPath ? [change.oldPath] : [change.oldPath, change.newPath];
}
