import { describe, expect, it } from 'vitest';
import type { ChangeWay } from '@auto-promote/domain';
import { leadTimeLine } from '@auto-promote/sandbox';

const way = (leadTimes: ChangeWay['leadTimes']): ChangeWay => ({
  id: 'web~dev~stage~' + 'a'.repeat(40),
  app: 'web',
  push: null,
  promotions: [],
  steps: [],
  leadTimes,
});

describe("the demo's last line", () => {
  it('gives the lead time to each environment whose merge request was merged', () => {
    expect(
      leadTimeLine(
        way([
          { app: 'web', target: 'stage', leadTimeSeconds: 12, reviewWaitSeconds: 3 },
          { app: 'web', target: 'prod', leadTimeSeconds: 75, reviewWaitSeconds: 4 },
        ]),
      ),
    ).toBe('lead time: dev push → stage merged 12s, dev push → prod merged 1m 15s');
  });

  it('says which merge is not recorded yet', () => {
    const stageOnly = {
      ...way([{ app: 'web', target: 'stage', leadTimeSeconds: 12, reviewWaitSeconds: 3 }]),
      steps: [
        { kind: 'merge-request' as const, at: null, env: 'stage', promotionId: 'a', summary: '', url: null },
        { kind: 'merge-request' as const, at: null, env: 'prod', promotionId: 'b', summary: '', url: null },
      ],
    };
    expect(leadTimeLine(stageOnly)).toBe(
      'lead time: dev push → stage merged 12s, prod merge not recorded yet',
    );
  });

  it('says n/a when no merged merge request was recorded', () => {
    expect(leadTimeLine(way([]))).toBe('lead time: n/a (no merged merge request recorded)');
    expect(leadTimeLine(null)).toBe('lead time: n/a (no merged merge request recorded)');
  });
});
