/**
 * The smallest "maximum diff files" any GitLab applies to a compare: 100 in the safe limits of older versions
 * (1,000 by default today, up to 3,000). A compare listing that many diffs may have been cut without saying so.
 */
export const COMPARE_FILE_LIMIT = 100;

/** The parts of a compare answer that can say it is incomplete; every one is optional across versions. */
export interface CompareCompleteness {
  /** GitLab 13.x+: the diff computation ran out of time or files. */
  compare_timeout?: unknown;
  /** Diff collections past their limits (merge request changes; some versions on compares). */
  overflow?: unknown;
  diffs?: ReadonlyArray<{ new_path?: unknown; collapsed?: unknown; too_large?: unknown }> | null;
}

/**
 * Did GitLab cut the compare's list of diffs? It says so with `compare_timeout` or `overflow` — but not every
 * version sends those — and marks diffs past its safe limits `collapsed` or `too_large`; and a list as long as
 * a diff-files limit counts as cut too. When cut, the planner compares app trees instead, so no app is missed.
 */
export function isTruncated(answer: CompareCompleteness): boolean {
  const diffs = answer.diffs ?? [];
  return (
    answer.compare_timeout === true ||
    answer.overflow === true ||
    diffs.length >= COMPARE_FILE_LIMIT ||
    diffs.some((d) => d.collapsed === true || d.too_large === true)
  );
}
