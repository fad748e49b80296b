/** The newest promotion planned for an app and target: what "latest wins" compares against. */
export interface LatestPointer {
  id: string;
  sha: string;
  pushOrder: number | null;
  /** Git tree id of the app's directory at `sha`, when the planner read it; null when unknown. */
  tree: string | null;
}

/**
 * "Newer than": is `candidate` newer than `current` in the branch's history? The pushed branch's head is
 * newest by definition; otherwise ancestry decides; diverged histories (force pushes) go by push order.
 */
export async function isNewer(
  candidate: Pick<LatestPointer, 'sha' | 'pushOrder'>,
  current: Pick<LatestPointer, 'sha' | 'pushOrder'>,
  head: string | null,
  isAncestor: (ancestor: string, descendant: string) => Promise<boolean>,
): Promise<boolean> {
  if (candidate.sha === current.sha) return false;
  if (candidate.sha === head) return true;
  if (current.sha === head) return false;
  if (await isAncestor(current.sha, candidate.sha)) return true;
  if (await isAncestor(candidate.sha, current.sha)) return false;
  return (candidate.pushOrder ?? 0) > (current.pushOrder ?? 0);
}

/**
 * Does the candidate carry the same app content as the current latest promotion? Decided without a read
 * where the push itself tells: the current promotion is at the push's `before` and the compare of
 * `before..after` listed the app, so its directory changed. Otherwise the app directory's tree ids decide
 * (`trees` reads them; an app missing at either commit is different content).
 */
export async function sameContent(
  current: Pick<LatestPointer, 'sha' | 'tree'>,
  candidate: { sha: string; before: string | null },
  trees: (sha: string) => Promise<string | null>,
): Promise<{ same: boolean; candidateTree: string | null }> {
  if (current.sha === candidate.sha) return { same: true, candidateTree: current.tree };
  if (candidate.before !== null && current.sha === candidate.before)
    return { same: false, candidateTree: null };
  const [left, right] = await Promise.all([current.tree ?? trees(current.sha), trees(candidate.sha)]);
  return { same: left !== null && left === right, candidateTree: right };
}
