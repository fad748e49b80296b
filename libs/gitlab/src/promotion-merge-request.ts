/** A merge request as the promotion record keeps it (GitLab's answer, trimmed). */
export interface MergeRequestState {
  iid: number;
  state: string;
  sourceBranch: string;
  targetBranch: string;
  createdAt: string | null;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  webUrl: string | null;
}

/** One commit of a merge request (GET …/merge_requests/:iid/commits). */
export interface MergeRequestCommit {
  sha: string;
  authorName: string | null;
  authorEmail: string | null;
  createdAt: string | null;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** GitLab's merge request entity → `MergeRequestState`; `webUrl` when the answer lacks one. */
export function toMergeRequestState(raw: Record<string, unknown>, webUrl: string | null): MergeRequestState {
  return {
    iid: Number(raw['iid']),
    state: text(raw['state']) ?? 'opened',
    sourceBranch: text(raw['source_branch'] ?? raw['sourceBranch']) ?? '',
    targetBranch: text(raw['target_branch'] ?? raw['targetBranch']) ?? '',
    createdAt: text(raw['created_at'] ?? raw['createdAt']),
    mergedAt: text(raw['merged_at'] ?? raw['mergedAt']),
    mergeCommitSha: text(raw['merge_commit_sha'] ?? raw['mergeCommitSha']),
    webUrl: text(raw['web_url'] ?? raw['webUrl']) ?? webUrl,
  };
}

export function toMergeRequestCommit(raw: Record<string, unknown>): MergeRequestCommit {
  return {
    sha: text(raw['id']) ?? '',
    authorName: text(raw['author_name'] ?? raw['authorName']),
    authorEmail: text(raw['author_email'] ?? raw['authorEmail']),
    createdAt: text(raw['created_at'] ?? raw['createdAt']),
  };
}
