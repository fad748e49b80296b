import { describe, expect, it } from 'vitest';
import {
  changeWay,
  newPromotionRecord,
  type ChangePush,
  type PromotionMergeRequest,
  type PromotionRecord,
} from '@auto-promote/domain';

const push: ChangePush = {
  eventId: 'ev-1',
  branch: 'dev',
  after: 'a'.repeat(40),
  receivedAt: '2026-01-01T10:00:00.000Z',
};

function promotion(
  source: string,
  target: string,
  createdAt: string,
  mergeRequest: PromotionMergeRequest | null,
  previous: string | null = null,
): PromotionRecord {
  const sha = (target === 'stage' ? 'a' : 'b').repeat(40);
  const record = newPromotionRecord(
    {
      id: `web~${source}~${target}~${sha}`,
      app: 'web',
      appName: 'web',
      sourceEnv: source,
      targetEnv: target,
      sha,
      imageTag: '1.0.0',
      eventId: 'ev',
      source: 'webhook',
      previous,
    },
    new Date(createdAt),
  );
  return {
    ...record,
    status: 'succeeded',
    triggerIntentAt: createdAt,
    jenkins: { ...record.jenkins, queueId: 1, buildNumber: 7, buildUrl: 'http://j/7/', result: 'SUCCESS' },
    mergeRequest,
  };
}

const mr = (iid: number, openedAt: string, mergedAt: string | null): PromotionMergeRequest => ({
  iid,
  url: `http://gitlab/p/-/merge_requests/${iid}`,
  state: mergedAt ? 'merged' : 'opened',
  sourceBranch: `promote-${iid}`,
  openedAt,
  mergedAt,
  mergeCommitSha: mergedAt ? 'c'.repeat(40) : null,
  reason: null,
});

describe('changeWay', () => {
  it('lists the dev push, then each promotion, build, merge request and merge, with lead time per target', () => {
    const stage = promotion(
      'dev',
      'stage',
      '2026-01-01T10:00:05.000Z',
      mr(3, '2026-01-01T10:00:30.000Z', '2026-01-01T10:10:00.000Z'),
    );
    const prod = promotion(
      'stage',
      'prod',
      '2026-01-01T10:10:02.000Z',
      mr(4, '2026-01-01T10:10:30.000Z', '2026-01-01T11:00:00.000Z'),
      stage.id,
    );
    const way = changeWay([stage, prod], push);
    expect(way.id).toBe(stage.id);
    expect(way.promotions).toEqual([stage.id, prod.id]);
    expect(way.steps.map((s) => [s.kind, s.env, s.at])).toEqual([
      ['push', 'dev', '2026-01-01T10:00:00.000Z'],
      ['promotion', 'stage', '2026-01-01T10:00:05.000Z'],
      ['build', 'stage', '2026-01-01T10:00:05.000Z'],
      ['merge-request', 'stage', '2026-01-01T10:00:30.000Z'],
      ['merged', 'stage', '2026-01-01T10:10:00.000Z'],
      ['promotion', 'prod', '2026-01-01T10:10:02.000Z'],
      ['build', 'prod', '2026-01-01T10:10:02.000Z'],
      ['merge-request', 'prod', '2026-01-01T10:10:30.000Z'],
      ['merged', 'prod', '2026-01-01T11:00:00.000Z'],
    ]);
    expect(way.leadTimes).toEqual([
      { app: 'web', target: 'stage', leadTimeSeconds: 600, reviewWaitSeconds: 570 },
      { app: 'web', target: 'prod', leadTimeSeconds: 3600, reviewWaitSeconds: 2970 },
    ]);
  });

  it('shows an open merge request as awaiting review, with no lead time yet', () => {
    const stage = promotion(
      'dev',
      'stage',
      '2026-01-01T10:00:05.000Z',
      mr(3, '2026-01-01T10:00:30.000Z', null),
    );
    const way = changeWay([stage], push);
    expect(way.steps.at(-1)?.summary).toBe('merge request !3 (awaiting review)');
    expect(way.leadTimes).toEqual([]);
  });

  it('has no lead time without the push that started it', () => {
    const stage = promotion(
      'dev',
      'stage',
      '2026-01-01T10:00:05.000Z',
      mr(3, '2026-01-01T10:00:30.000Z', '2026-01-01T10:10:00.000Z'),
    );
    const way = changeWay([stage], null);
    expect(way.steps[0]?.kind).toBe('promotion');
    expect(way.leadTimes).toEqual([]);
  });
});
