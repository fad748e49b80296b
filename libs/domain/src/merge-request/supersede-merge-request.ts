import type { PromotionMergeRequest } from '../promotion/promotion-record';

/** One commit of a merge request, as far as the closing decision looks at it. */
export interface MergeRequestCommitFacts {
  sha: string;
  authorEmail: string | null;
  authorName: string | null;
  /** GitLab's `created_at` of the commit (ISO). */
  createdAt: string | null;
}

export interface SupersedeFacts {
  /** The older promotion's merge request, as recorded. */
  older: PromotionMergeRequest;
  /** Its state in GitLab now (the record may be behind). */
  currentState: string;
  /** Its commits, as GitLab lists them. */
  commits: readonly MergeRequestCommitFacts[];
  /** Who the job commits as: the author email or name of the commit that opened the merge request. */
  botAuthors: readonly string[];
  /** Allowed clock difference between GitLab's commit time and the merge request's creation. */
  skewMs: number;
}

export type SupersedeDecision = { close: true } | { close: false; reason: string };

/**
 * May an older promotion's merge request be closed because a newer promotion of the same app and target
 * has its own? Only an open one, and only when nobody but the job committed to it after it was opened: a
 * commit by another author, or one made after the merge request was created, means a human worked on it.
 */
export function mayCloseSuperseded(facts: SupersedeFacts): SupersedeDecision {
  const { older } = facts;
  if (older.iid === null || older.state === 'none') return { close: false, reason: 'no merge request' };
  if (facts.currentState !== 'opened')
    return { close: false, reason: `merge request !${older.iid} is ${facts.currentState}` };
  const bots = new Set(facts.botAuthors.map((a) => a.toLowerCase()));
  const opened = older.openedAt === null ? null : Date.parse(older.openedAt);
  for (const commit of facts.commits) {
    const author = [commit.authorEmail, commit.authorName].filter((a): a is string => a !== null);
    if (!author.some((a) => bots.has(a.toLowerCase())))
      return {
        close: false,
        reason: `commit ${commit.sha.slice(0, 8)} by ${commit.authorName ?? commit.authorEmail ?? 'someone'} is not the job's`,
      };
    const at = commit.createdAt === null ? NaN : Date.parse(commit.createdAt);
    if (opened !== null && Number.isFinite(at) && at > opened + facts.skewMs)
      return {
        close: false,
        reason: `commit ${commit.sha.slice(0, 8)} was made after the merge request was opened`,
      };
  }
  return { close: true };
}
