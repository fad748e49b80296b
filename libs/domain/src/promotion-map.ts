import { branchNameProblem } from './branch-name';
import { InvalidPromotionMapError } from './errors/invalid-promotion-map-error';

/** Source branch → target branch. Insertion order is the order of the PROMOTION_MAP text. */
export type PromotionMap = ReadonlyMap<string, string>;

/** The documented PROMOTION_MAP default. */
export const DEFAULT_PROMOTION_MAP = 'dev=stage,stage=prod';

/**
 * Parses PROMOTION_MAP text such as `dev=stage,stage=prod` (whitespace around items and around `=` is
 * tolerated). Throws one `InvalidPromotionMapError` listing every problem: malformed or empty items, invalid
 * git branch names, a source listed twice, a branch promoting to itself, and cycles (which would promote forever).
 */
export function parsePromotionMap(spec: string): PromotionMap {
  const problems: string[] = [];
  const map = new Map<string, string>();
  if (spec.trim() === '') {
    throw new InvalidPromotionMapError(
      'is empty: expected source=target pairs such as dev=stage,stage=prod',
      spec,
    );
  }
  spec.split(',').forEach((raw, index) => {
    const item = raw.trim();
    const where = `item ${index + 1}`;
    if (item === '') {
      problems.push(`${where} is empty (stray comma?)`);
      return;
    }
    const parts = item.split('=');
    if (parts.length !== 2) {
      problems.push(`${where} '${item}' is not of the form source=target`);
      return;
    }
    const source = (parts[0] ?? '').trim();
    const target = (parts[1] ?? '').trim();
    const sourceProblem = branchNameProblem(source);
    const targetProblem = branchNameProblem(target);
    if (sourceProblem) problems.push(`${where} '${item}': source branch ${sourceProblem}`);
    if (targetProblem) problems.push(`${where} '${item}': target branch ${targetProblem}`);
    if (sourceProblem || targetProblem) return;
    if (source === target) {
      problems.push(`${where} '${item}' promotes '${source}' to itself`);
      return;
    }
    const existing = map.get(source);
    if (existing !== undefined) {
      problems.push(
        existing === target
          ? `${where} '${item}' is listed twice`
          : `'${source}' has more than one target ('${existing}' and '${target}')`,
      );
      return;
    }
    map.set(source, target);
  });
  for (const cycle of findCycles(map)) problems.push(`cycle ${cycle.join(' -> ')} would promote forever`);
  if (problems.length > 0) throw new InvalidPromotionMapError(problems.join('; '), spec);
  return map;
}

/** Every cycle in a source→target map, each reported once, starting where the text first reaches it. */
function findCycles(map: ReadonlyMap<string, string>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  for (const start of map.keys()) {
    const path: string[] = [];
    let current: string | undefined = start;
    while (current !== undefined && !done.has(current) && !path.includes(current)) {
      path.push(current);
      current = map.get(current);
    }
    if (current !== undefined && path.includes(current)) {
      cycles.push([...path.slice(path.indexOf(current)), current]);
    }
    for (const node of path) done.add(node);
  }
  return cycles;
}

/** The branch that `branch` promotes to, or null when it has none (the end of a chain, or an unmapped branch). */
export function targetFor(map: PromotionMap, branch: string): string | null {
  return map.get(branch) ?? null;
}

/** Branches that promote somewhere, in PROMOTION_MAP order. */
export function sourceBranches(map: PromotionMap): string[] {
  return [...map.keys()];
}

/**
 * Every branch of the map, sources and targets, in the order PROMOTION_MAP first names them, e.g.
 * ['dev', 'stage', 'prod']: the branches whose pushes auto-promote receives.
 */
export function mappedBranches(map: PromotionMap): string[] {
  return [...new Set([...map].flat())];
}

/** Is the branch in any position of the map — a source, a target or both (prod is mapped; feature/x is not)? */
export function isMappedBranch(map: PromotionMap, branch: string): boolean {
  return map.has(branch) || [...map.values()].includes(branch);
}

/**
 * Every branch of the map in promotion order (a topological order), e.g. ['dev', 'stage', 'prod'].
 * A chain is followed as far as it goes before the next chain starts; ties follow PROMOTION_MAP order.
 */
export function environmentOrder(map: PromotionMap): string[] {
  const pending = new Map<string, number>(); // branch → number of sources not yet emitted
  const firstSeen: string[] = [];
  const see = (b: string) => {
    if (!pending.has(b)) {
      pending.set(b, 0);
      firstSeen.push(b);
    }
  };
  for (const [source, target] of map) {
    see(source);
    see(target);
    pending.set(target, (pending.get(target) ?? 0) + 1);
  }
  const stack = firstSeen.filter((b) => pending.get(b) === 0).reverse();
  const order: string[] = [];
  while (stack.length > 0) {
    const branch = stack.pop() as string;
    order.push(branch);
    const target = map.get(branch);
    if (target === undefined) continue;
    const left = (pending.get(target) ?? 1) - 1;
    pending.set(target, left);
    if (left === 0) stack.push(target);
  }
  return order; // a cyclic map (never produced by parsePromotionMap) leaves its cycle out
}

/** Escapes a string for use as a literal inside a regular expression (RE2 and JavaScript alike). */
function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A GitLab `push_events_branch_filter` (strategy `regex`, RE2) matching exactly the source branches, e.g.
 * `^(dev|stage)$`. A wildcard filter cannot express this: "dev,stage" is one pattern that matches nothing.
 */
export function sourceBranchFilterRegex(map: PromotionMap): string {
  return exactBranchesRegex(sourceBranches(map));
}

/**
 * The hook's `push_events_branch_filter` (strategy `regex`, RE2) matching exactly every branch of the map, e.g.
 * `^(dev|stage|prod)$`: pushes to a target that is no source (prod) arrive too, so its merge requests follow.
 */
export function mappedBranchFilterRegex(map: PromotionMap): string {
  return exactBranchesRegex(mappedBranches(map));
}

function exactBranchesRegex(branches: string[]): string {
  return branches.length === 0 ? '^$' : `^(${branches.map(escapeRegex).join('|')})$`;
}

/** The canonical PROMOTION_MAP text of a map, e.g. `dev=stage,stage=prod`. */
export function formatPromotionMap(map: PromotionMap): string {
  return [...map].map(([source, target]) => `${source}=${target}`).join(',');
}
