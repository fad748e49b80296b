import { appsOptedOut, inspectRange, type RangeCommit } from '@auto-promote/domain';
import { GitLabNotFoundError, type GitLabClient } from '@auto-promote/gitlab';

/** Apps opted out with their reasons, and what could not be checked (recorded on the push's event). */
export interface OptedOut {
  reasons: Map<string, string>;
  degraded: string | null;
}

/**
 * The apps of a push that only opted-out commits (`[no-promote]`, `[skip promote]`, reverts) changed, with
 * the reason to record. Costs nothing for a push without markers; otherwise one diff per marked commit, and
 * — only while some candidate app is still in question — one per unmarked commit, newest first, stopping as
 * soon as every candidate is settled. A diff GitLab cannot find (404) never skips an app: the skip rules
 * degrade towards promoting.
 */
export async function optedOutApps(
  gitlab: Pick<GitLabClient, 'commitDiff'>,
  project: string | number,
  appsDir: string,
  commits: readonly RangeCommit[],
  candidates: readonly string[],
): Promise<OptedOut> {
  const none = (degraded: string | null = null): OptedOut => ({ reasons: new Map(), degraded });
  if (candidates.length === 0) return none();
  const { marked, unmarked } = inspectRange(commits);
  if (marked.length === 0) return none();
  const markedPaths = [];
  const unknown: string[] = [];
  for (const m of marked) {
    // A marked commit whose diff GitLab cannot find opts nothing out: its apps are promoted.
    const paths = await diffOrNull(gitlab, project, m.commit.id);
    if (paths !== null) markedPaths.push({ ...m, paths });
    else unknown.push(m.commit.id.slice(0, 8));
  }
  const degraded = (shas: string[]): string | null =>
    shas.length === 0
      ? null
      : `skip markers not applied: GitLab does not know the diff of ${shas.join(', ')} (404)`;
  let reasons = appsOptedOut({ candidates, marked: markedPaths, unmarked: [], appsDir });
  const unmarkedPaths = [];
  for (const commit of [...unmarked].reverse()) {
    if (reasons.size === 0) break;
    const paths = await diffOrNull(gitlab, project, commit.id);
    // An unmarked commit whose diff is unknown may have changed any app: nothing is opted out.
    if (paths === null) return none(degraded([...unknown, commit.id.slice(0, 8)]));
    unmarkedPaths.push({ commit, paths });
    reasons = appsOptedOut({ candidates, marked: markedPaths, unmarked: unmarkedPaths, appsDir });
  }
  return { reasons, degraded: degraded(unknown) };
}

/** A commit's changed paths, or null when GitLab does not know the commit (404): that step degrades. */
async function diffOrNull(gitlab: Pick<GitLabClient, 'commitDiff'>, project: string | number, sha: string) {
  try {
    return await gitlab.commitDiff(project, sha);
  } catch (error) {
    if (error instanceof GitLabNotFoundError) return null;
    throw error;
  }
}
