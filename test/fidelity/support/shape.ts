import type { Json } from './real-fixtures';

export type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

export function jsonType(value: Json): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as 'boolean' | 'number' | 'string' | 'object';
}

/** What `at` finds when an array on the way has no element to look into. */
export const EMPTY_ARRAY = Symbol('empty array');

/**
 * The value at a dotted path; `[]` steps into an array's first element (`diffs[].old_path`). `undefined` when
 * some step is missing, EMPTY_ARRAY when an array on the way has no element to look into.
 */
export function at(value: Json, path: string): Json | undefined | typeof EMPTY_ARRAY {
  let current: Json | undefined = value;
  for (const part of path.split('.')) {
    const many = part.endsWith('[]');
    const key = many ? part.slice(0, -2) : part;
    if (current === null || current === undefined || typeof current !== 'object' || Array.isArray(current))
      return undefined;
    current = Object.hasOwn(current, key) ? current[key] : undefined;
    if (many) {
      if (!Array.isArray(current)) return undefined;
      if (current.length === 0) return EMPTY_ARRAY;
      current = current[0];
    }
  }
  return current;
}

/**
 * Where `emulated` does not have the shape of the real answer at the given paths: a path the real answer has
 * and the emulator's lacks, or holds a value of another JSON type. A real null allows any type; with
 * `nullable: 'either'` (or for `nullablePaths`) an emulated null is accepted too: fields GitLab leaves null in
 * some states, e.g. merged_at or squash_commit_sha of a merge request that is not merged.
 */
export function shapeMismatches(
  real: Json,
  emulated: Json,
  paths: readonly string[],
  {
    nullable = 'real',
    nullablePaths = [],
  }: { nullable?: 'real' | 'either'; nullablePaths?: readonly string[] } = {},
): string[] {
  const problems: string[] = [];
  for (const path of paths) {
    const want = at(real, path);
    if (want === undefined || want === EMPTY_ARRAY) continue;
    const got = at(emulated, path);
    if (got === undefined) {
      problems.push(`${path}: missing (real: ${jsonType(want)})`);
      continue;
    }
    if (got === EMPTY_ARRAY) {
      problems.push(`${path}: the emulator's array is empty, nothing to compare`);
      continue;
    }
    if (want === null) continue;
    if (got === null && (nullable === 'either' || nullablePaths.includes(path))) continue;
    if (jsonType(got) !== jsonType(want))
      problems.push(`${path}: ${jsonType(got)} (real: ${jsonType(want)})`);
  }
  return problems;
}

/** Top-level keys of an object answer (of the first element for a list). */
export function topLevelKeys(value: Json): string[] {
  const sample = Array.isArray(value) ? value[0] : value;
  return sample !== null && typeof sample === 'object' && !Array.isArray(sample) ? Object.keys(sample) : [];
}
