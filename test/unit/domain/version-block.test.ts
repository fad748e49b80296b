import { describe, expect, it } from 'vitest';
import {
  blockedReason,
  blockField,
  blockFieldsFor,
  blockMatches,
  blockRequestProblems,
  describeBlocked,
  imageTagProblem,
  type VersionBlock,
} from '@auto-promote/domain';

const SHA = 'c'.repeat(40);
const block = (over: Partial<VersionBlock> = {}): VersionBlock => ({
  id: '7',
  app: 'exampleApp',
  match: { kind: 'tag', tag: '1.0.43-rc1-abc1234' },
  target: null,
  reason: 'CVE-2026-1',
  by: 'alice',
  createdAt: '2026-12-03T10:00:00.000Z',
  liftedAt: null,
  liftedBy: null,
  ...over,
});
const candidate = { app: 'exampleApp', targetEnv: 'prod', imageTag: '1.0.43-rc1-abc1234', sha: SHA };

describe('version blocks', () => {
  it('is found among the fields of a promotion: its tag and sha, for its target and for all', () => {
    const fields = blockFieldsFor(candidate);
    expect(fields).toEqual([
      'tag:1.0.43-rc1-abc1234@prod',
      'tag:1.0.43-rc1-abc1234@*',
      `sha:${SHA}@prod`,
      `sha:${SHA}@*`,
    ]);
    expect(fields).toContain(blockField(block()));
    expect(fields).toContain(blockField(block({ target: 'prod' })));
    expect(fields).toContain(blockField(block({ match: { kind: 'sha', sha: SHA } })));
    expect(fields).not.toContain(blockField(block({ target: 'stage' })));
    // No IMAGE_TAG (IMAGE_TAG_SOURCE=none): only sha blocks can match.
    expect(blockFieldsFor({ ...candidate, imageTag: null })).toEqual([`sha:${SHA}@prod`, `sha:${SHA}@*`]);
  });

  it('matches only an active block of the same app, target and version', () => {
    expect(blockMatches(block(), candidate)).toBe(true);
    expect(blockMatches(block({ target: 'prod' }), candidate)).toBe(true);
    expect(blockMatches(block({ target: 'stage' }), candidate)).toBe(false);
    expect(blockMatches(block({ app: 'postgres' }), candidate)).toBe(false);
    expect(blockMatches(block({ liftedAt: '2026-12-03T11:00:00.000Z' }), candidate)).toBe(false);
    expect(blockMatches(block({ match: { kind: 'sha', sha: SHA } }), { ...candidate, imageTag: null })).toBe(
      true,
    );
  });

  it('says what is blocked and why, with who and when', () => {
    expect(blockedReason(block())).toBe('blocked: CVE-2026-1 (by alice, 2026-12-03T10:00:00.000Z)');
    expect(describeBlocked(block())).toBe('exampleApp at 1.0.43-rc1-abc1234 (every target)');
    expect(describeBlocked(block({ match: { kind: 'sha', sha: SHA }, target: 'prod' }))).toBe(
      'exampleApp at commit cccccccc (prod)',
    );
  });
});

describe('a request to block', () => {
  const targets = ['stage', 'prod'];
  it('accepts an app with exactly one valid tag or sha, a known target and a reason', () => {
    expect(
      blockRequestProblems({ app: 'exampleApp', tag: '1.0.43-rc1-abc1234', reason: 'x' }, targets),
    ).toEqual([]);
    expect(
      blockRequestProblems({ app: 'exampleApp', sha: SHA, target: 'prod', reason: 'x' }, targets),
    ).toEqual([]);
    expect(imageTagProblem(`sha256:${'f'.repeat(64)}`)).toBeNull(); // an image without a tag: its digest
  });

  it('names every problem', () => {
    expect(blockRequestProblems({ app: '..', tag: 'a b', target: 'dev', reason: ' ' }, targets)).toEqual([
      "app '..' contains '..'",
      "tag 'a b' is not an image tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}) or digest (sha256:<hex>)",
      "target 'dev' is not a promotion target (targets: stage, prod)",
      'reason must say why (it is shown with every skipped promotion)',
    ]);
    expect(blockRequestProblems({ app: 'a', reason: 'x' }, targets)).toEqual([
      'give exactly one of tag (an IMAGE_TAG) and sha (a full commit sha)',
    ]);
    expect(blockRequestProblems({ app: 'a', sha: SHA.toUpperCase(), reason: 'x' }, targets)[0]).toContain(
      'is not a full commit sha',
    );
    expect(blockRequestProblems({ app: 'a', tag: '1', reason: 'x'.repeat(501) }, targets)).toEqual([
      'reason is longer than 500 characters',
    ]);
  });
});
