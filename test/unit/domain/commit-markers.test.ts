import { describe, expect, it } from 'vitest';
import { appsOptedOut, commitMarker, inspectRange, type RangeCommit } from '@auto-promote/domain';

const sha = (c: string) => c.repeat(40);
const commit = (id: string, message: string, parents: string[] = []): RangeCommit => ({
  id: sha(id),
  message,
  parentIds: parents.map(sha),
});

describe('commitMarker', () => {
  it.each([
    ['Update exampleApp [no-promote]', 'no-promote', '[no-promote]'],
    ['Update exampleApp [No-Promote]', 'no-promote', '[no-promote]'],
    ['[SKIP PROMOTE] tweak replicas', 'no-promote', '[skip promote]'],
    ['Tweak\n\nbody says [skip promote] here', 'no-promote', '[skip promote]'],
    ['Revert "Update exampleApp to 1.0.43"', 'revert', 'revert'],
    ['revert "lower case title"', 'revert', 'revert'],
    ['Undo the bump\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.', 'revert', 'revert'],
    ['Revert "x" [no-promote]', 'no-promote', '[no-promote]'],
  ])('%j carries %s', (message, kind, label) => {
    expect(commitMarker(message)).toEqual({ kind, label });
  });

  it.each([
    ['Update exampleApp to 1.0.43'],
    ['no-promote without brackets'],
    ['[no promote] (no dash)'],
    ['[skip-promote] (dash instead of space)'],
    ['Reverting the thing (not a revert title)'],
    ['Merge branch "revert-x" into dev'],
    ['Body mentions: this reverts commit abc in passing, not at line start\n\nsee This reverts commit xyz'],
  ])('%j carries none', (message) => {
    expect(commitMarker(message)).toBeNull();
  });
});

describe('inspectRange', () => {
  it('needs nothing more for a range without markers', () => {
    expect(inspectRange([commit('a', 'one', ['0']), commit('b', 'two', ['a'])])).toEqual({
      marked: [],
      unmarked: [],
    });
  });

  it('lists marked commits, and unmarked non-merge commits to compare with', () => {
    const range = [commit('a', 'bump [no-promote]', ['0']), commit('b', 'bump other', ['a'])];
    const { marked, unmarked } = inspectRange(range);
    expect(marked.map((m) => m.commit.id)).toEqual([sha('a')]);
    expect(unmarked.map((c) => c.id)).toEqual([sha('b')]);
  });

  it('a marked merge commit covers the commits it merged; an unmarked merge is neutral', () => {
    // main: 0 ─ m (merge "[no-promote]" of f1, f2) ─ n (merge of g1, unmarked)
    const range = [
      commit('1', 'feature one', ['0']),
      commit('2', 'feature two', ['1']),
      commit('d', "Merge branch 'f' into 'dev'\n\nQuiet change [no-promote]", ['0', '2']),
      commit('3', 'other feature', ['d']),
      commit('e', "Merge branch 'g' into 'dev'", ['d', '3']),
    ];
    const { marked, unmarked } = inspectRange(range);
    expect(marked.map((m) => m.commit.id)).toEqual([sha('d')]);
    expect(unmarked.map((c) => c.id)).toEqual([sha('3')]);
  });
});

describe('appsOptedOut', () => {
  const marker = { kind: 'no-promote' as const, label: '[no-promote]' };
  const revert = { kind: 'revert' as const, label: 'revert' };
  const path = (app: string) => `manifests/${app}/${app}.yaml`;

  it.each([
    {
      name: 'an app only a marked commit changed is skipped',
      marked: [{ id: 'a', marker, apps: ['exampleApp'] }],
      unmarked: [],
      skipped: ['exampleApp'],
    },
    {
      name: 'an app also changed by an unmarked commit is promoted',
      marked: [{ id: 'a', marker, apps: ['exampleApp', 'postgres'] }],
      unmarked: [{ id: 'b', apps: ['postgres'] }],
      skipped: ['exampleApp'],
    },
    {
      name: 'a revert counts like a marker',
      marked: [{ id: 'a', marker: revert, apps: ['postgres'] }],
      unmarked: [{ id: 'b', apps: ['exampleApp'] }],
      skipped: ['postgres'],
    },
    {
      name: 'apps outside the candidates are ignored',
      marked: [{ id: 'a', marker, apps: ['gone'] }],
      unmarked: [],
      skipped: [],
    },
  ])('$name', ({ marked, unmarked, skipped }) => {
    const reasons = appsOptedOut({
      candidates: ['exampleApp', 'postgres'],
      marked: marked.map((m) => ({ commit: commit(m.id, 'x'), marker: m.marker, paths: m.apps.map(path) })),
      unmarked: unmarked.map((u) => ({ commit: commit(u.id, 'x'), paths: u.apps.map(path) })),
      appsDir: 'manifests',
    });
    expect([...reasons.keys()]).toEqual(skipped);
  });

  it('says which commits opted out, listing at most three', () => {
    const reasons = appsOptedOut({
      candidates: ['exampleApp'],
      marked: ['a', 'b', 'c', 'd'].map((id) => ({
        commit: commit(id, 'x'),
        marker,
        paths: [path('exampleApp')],
      })),
      unmarked: [],
      appsDir: 'manifests',
    });
    expect(reasons.get('exampleApp')).toBe(
      'exampleApp was only changed by commits that opt out of promotion: aaaaaaaa ([no-promote]), bbbbbbbb ([no-promote]), cccccccc ([no-promote]) and 1 more',
    );
  });

  it('takes both sides of a rename', () => {
    const reasons = appsOptedOut({
      candidates: ['old', 'new'],
      marked: [
        {
          commit: commit('a', 'x'),
          marker,
          paths: [{ oldPath: 'manifests/old/a.yaml', newPath: 'manifests/new/a.yaml' }],
        },
      ],
      unmarked: [],
      appsDir: 'manifests',
    });
    expect([...reasons.keys()]).toEqual(['old', 'new']);
  });
});
