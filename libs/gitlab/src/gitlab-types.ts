/** What the GitLab client is configured with and what it answers, in auto-promote's own terms. */
export interface ChangedPath {
  oldPath: string;
  newPath: string;
  newFile: boolean;
  deleted: boolean;
}

export interface CompareResult {
  changes: ChangedPath[];
  commits: Array<{ id: string; title: string; message: string; parentIds: string[] }>;
  /** GitLab cut the diff list (diff limits): `changes` is incomplete. */
  truncated: boolean;
}

export interface TreeEntry {
  id: string;
  name: string;
  type: 'tree' | 'blob' | 'commit';
  path: string;
}

/** A merge request, as far as auto-promote looks at one. */
export interface MergeRequestRef {
  iid: number;
  state: string;
  sourceBranch: string;
  targetBranch: string;
  sha: string | null;
  mergeCommitSha: string | null;
  squashCommitSha: string | null;
  /** GitLab's web_url, or built from the project path where an answer lacks it; null if nothing locates it. */
  webUrl: string | null;
}

export interface CommitStatusInput {
  state: 'pending' | 'running' | 'success' | 'failed' | 'canceled' | 'skipped';
  name: string;
  ref?: string;
  targetUrl?: string | null;
  description?: string;
}

export interface GitLabClientOptions {
  url: string;
  token: string;
  timeoutMs?: number;
  /** Client-side request budget per minute (gitbeaker's limiter); GitLab's own limits still apply. */
  maxRequestsPerMinute?: number;
  /** Called around every request, e.g. to time it into a histogram. */
  instrument?: <T>(operation: string, call: () => Promise<T>) => Promise<T>;
}
