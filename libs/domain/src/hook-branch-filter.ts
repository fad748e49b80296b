import { mappedBranchFilterRegex, mappedBranches, targetFor, type PromotionMap } from './promotion-map';

/** How auto-promote asks GitLab to filter push hooks, from the most precise to the most portable. */
export type BranchFilterMode = 'regex' | 'wildcard' | 'all-branches';

export interface BranchFilterChoice {
  mode: BranchFilterMode;
  /** The `branch_filter_strategy` sent (GitLab versions without it ignore it and read a wildcard). */
  strategy: 'regex' | 'wildcard';
  /** The `push_events_branch_filter` sent. */
  filter: string;
}

/**
 * The exact filter, every branch of the map, `^(dev|stage|prod)$` (regex strategy; GitLab 15.x+ that reports
 * `branch_filter_strategy`): sources are planned, and a push to a target keeps its merge requests current.
 */
export function regexBranchFilter(map: PromotionMap): BranchFilterChoice {
  return { mode: 'regex', strategy: 'regex', filter: mappedBranchFilterRegex(map) };
}

/**
 * What every GitLab reads the same way: a wildcard filter is one pattern, so it names the map's one branch
 * when there is one; otherwise no filter (every branch) — the ingress ignores pushes to unmapped branches.
 */
export function portableBranchFilter(map: PromotionMap): BranchFilterChoice {
  const branches = mappedBranches(map);
  return branches.length === 1
    ? { mode: 'wildcard', strategy: 'wildcard', filter: branches[0]! }
    : { mode: 'all-branches', strategy: 'wildcard', filter: '' };
}

/** Does a wildcard pattern (`*` any run of characters, the rest literal, whole name) match the branch? */
function wildcardPasses(pattern: string, branch: string): boolean {
  const literal = (part: string): string => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${pattern.split('*').map(literal).join('.*')}$`, 's').test(branch);
}

/**
 * The branches of the map whose pushes a stored hook filter would NOT deliver, in map order, reading it as
 * GitLab does: a missing strategy (older versions) means wildcard; an empty filter or `all_branches` passes
 * everything; a regex is searched unanchored (RE2; JavaScript agrees on the patterns auto-promote writes).
 * A source left out is never planned from a push; a target only (prod) left out waits for the reconciler to
 * see its merge requests merged (see `sourcesAmong`).
 */
export function branchesFilteredOut(
  map: PromotionMap,
  stored: { branchFilterStrategy: string | null; pushEventsBranchFilter: string },
): string[] {
  const { branchFilterStrategy: strategy, pushEventsBranchFilter: filter } = stored;
  const passes = (branch: string): boolean => {
    if (strategy === 'all_branches' || filter === '') return true;
    if (strategy === 'regex') {
      try {
        return new RegExp(filter).test(branch);
      } catch {
        return false;
      }
    }
    return wildcardPasses(filter, branch);
  };
  return mappedBranches(map).filter((branch) => !passes(branch));
}

/** The source branches among `branches` (those with a promotion target). */
export function sourcesAmong(map: PromotionMap, branches: readonly string[]): string[] {
  return branches.filter((branch) => targetFor(map, branch) !== null);
}
