import { describe, expect, it } from 'vitest';
import { isNewer } from '@auto-promote/planner';

// History: a ← b ← c on the branch; x is a force-pushed commit on another line.
const ancestors: Record<string, string[]> = { a: [], b: ['a'], c: ['a', 'b'], x: ['a'] };
const isAncestor = (ancestor: string, descendant: string) =>
  Promise.resolve((ancestors[descendant] ?? []).includes(ancestor));
const at = (sha: string, pushOrder: number | null = null) => ({ sha, pushOrder });

describe('isNewer', () => {
  it.each([
    ['the branch head is newest', at('b', 1), at('c', 2), 'b', true],
    ['a commit older than the head-holder is not', at('b', 9), at('c', 2), 'c', false],
    ['a descendant is newer, whatever the arrival order', at('c', 1), at('b', 2), null, true],
    ['an ancestor delivered late is older', at('b', 5), at('c', 4), null, false],
    ['diverged histories: the later push wins', at('x', 7), at('c', 6), null, true],
    ['diverged histories: the earlier push loses', at('x', 5), at('c', 6), null, false],
    ['the same commit is not newer', at('c', 3), at('c', 2), 'c', false],
  ])('%s', async (_name, candidate, current, head, expected) => {
    expect(await isNewer(candidate, current, head, isAncestor)).toBe(expected);
  });

  it('asks GitLab nothing when the head decides', async () => {
    let calls = 0;
    const counting = async (a: string, d: string) => {
      calls += 1;
      return isAncestor(a, d);
    };
    await isNewer(at('c'), at('b'), 'c', counting);
    await isNewer(at('b'), at('c'), 'c', counting);
    expect(calls).toBe(0);
  });
});
