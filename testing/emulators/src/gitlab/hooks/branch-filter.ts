/** GitLab's push_events_branch_filter semantics, kept pure so they can be tested exhaustively. */

export type BranchFilterStrategy = 'wildcard' | 'regex' | 'all_branches';

export const BRANCH_FILTER_STRATEGIES: readonly BranchFilterStrategy[] = [
  'wildcard',
  'regex',
  'all_branches',
];

/**
 * A wildcard filter is ONE pattern: `*` matches any run of characters and everything else is literal, anchored
 * at both ends. So "dev,stage" only matches a branch literally named "dev,stage".
 */
export function wildcardMatches(pattern: string, branch: string): boolean {
  if (!pattern.includes('*')) return pattern === branch;
  const escaped = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*?')}$`, 's').test(branch);
}

/** GitLab evaluates the regex with RE2, unanchored; a JS RegExp agrees for RE2-compatible patterns. */
export function regexMatches(pattern: string, branch: string): boolean {
  try {
    return new RegExp(pattern).test(branch);
  } catch {
    return false;
  }
}

export function isValidRegex(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

export function branchFilterMatches(
  strategy: BranchFilterStrategy,
  filter: string | null,
  branch: string,
): boolean {
  if (strategy === 'all_branches' || filter === null || filter === '') return true;
  return strategy === 'regex' ? regexMatches(filter, branch) : wildcardMatches(filter, branch);
}
