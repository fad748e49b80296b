import { appsOptedOut, inspectRange, type RangeCommit } from '@auto-promote/domain';
import type { GitLabClient } from '@auto-promote/gitlab';

/**
 * The apps of a push that only opted-out commits (`[no-promote]`, `[skip promote]`, reverts) changed, with
 * the reason to record. Costs nothing for a push without markers; otherwise one diff per marked commit, and
 * — only while some candidate app is still in question — one per unmarked commit, newest first, stopping as
 * soon as every candidate is settled.
 */
export async function optedOutApps(
  gitlab: GitLabClient,
  project: string | number,
  appsDir: string,
  commits: readonly RangeCommit[],
  candidates: readonly string[],
): Promise<Map<string, string>> {
  if (candidates.length === 0) return new Map();
  const { marked, unmarked } = inspectRange(commits);
  if (marked.length === 0) return new Map();
  const markedPaths = [];
  for (const m of marked) markedPaths.push({ ...m, paths: await gitlab.commitDiff(project, m.commit.id) });
  let reasons = appsOptedOut({ candidates, marked: markedPaths, unmarked: [], appsDir });
  const unmarkedPaths = [];
  for (const commit of [...unmarked].reverse()) {
    if (reasons.size === 0) break;
    unmarkedPaths.push({ commit, paths: await gitlab.commitDiff(project, commit.id) });
    reasons = appsOptedOut({ candidates, marked: markedPaths, unmarked: unmarkedPaths, appsDir });
  }
  return reasons;
}
