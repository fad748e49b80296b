import { describe, expect, it } from 'vitest';
import { isNewer, sameContent } from '@auto-promote/domain';

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

describe('sameContent', () => {
  const trees: Record<string, string | null> = { a: 't1', b: 't1', c: 't2', gone: null };
  const reads: string[] = [];
  const read = (sha: string): Promise<string | null> => {
    reads.push(sha);
    return Promise.resolve(trees[sha] ?? null);
  };

  it('knows without a read that a push whose before is the current promotion changed the app', async () => {
    reads.length = 0;
    expect(await sameContent({ sha: 'a', tree: null }, { sha: 'c', before: 'a' }, read)).toEqual({
      same: false,
      candidateTree: null,
    });
    expect(reads).toEqual([]);
  });

  it('compares the app trees when the push does not tell, reading only what the pointer does not hold', async () => {
    reads.length = 0;
    expect((await sameContent({ sha: 'a', tree: null }, { sha: 'b', before: 'x' }, read)).same).toBe(true);
    expect(reads.sort()).toEqual(['a', 'b']);
    reads.length = 0;
    expect(await sameContent({ sha: 'a', tree: 't1' }, { sha: 'c', before: null }, read)).toEqual({
      same: false,
      candidateTree: 't2',
    });
    expect(reads).toEqual(['c']);
  });

  it('takes an app missing at either commit for different content', async () => {
    expect((await sameContent({ sha: 'gone', tree: null }, { sha: 'gone2', before: null }, read)).same).toBe(
      false,
    );
  });
});
