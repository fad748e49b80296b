import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeWay, PromotionRecord } from '@auto-promote/domain';
import { adminHeaders, readMetric, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

// dev → stage → prod with the merge requests found by the service itself (no stand-in): linked, shown and
// measured. Merging goes through the GitLab emulator; the target pushes record the merges.
let s: Stack;
let stageId: string;
let prodId: string;

const recorded = (id: string, state: string) =>
  waitFor(
    `promotion ${id} to record its merge request ${state}`,
    async () => {
      const r = await s.promotions.get(id);
      return r?.mergeRequest?.state === state ? r : undefined;
    },
    { timeoutMs: 20_000 },
  );

beforeAll(async () => {
  s = await startStack({
    name: 'change-discovered',
    apps: { exampleApp: '1.0.0' },
    job: { mergeRequests: {} },
    env: { PROMOTION_MR_LOOKUP_TIMEOUT: '30s', RECONCILE_INTERVAL: '500ms' },
  });
  const devSha = await s.commitApps('dev', { exampleApp: '3.0.0' });
  stageId = `exampleApp~dev~stage~${devSha}`;
  const stage = await recorded(stageId, 'opened');
  const merged = await s.project.mergeMergeRequest(stage.mergeRequest?.iid ?? 0);
  prodId = `exampleApp~stage~prod~${merged.mergeCommitSha ?? ''}`;
  await recorded(stageId, 'merged');
  const prod: PromotionRecord = await recorded(prodId, 'opened');
  await s.project.mergeMergeRequest(prod.mergeRequest?.iid ?? 0);
  await recorded(prodId, 'merged');
}, 90_000);

afterAll(async () => {
  await s?.stop();
});

describe('the chain of a change, with merge requests found by the service', () => {
  it('links prod to stage and shows the way with both merges and lead times', async () => {
    expect((await s.promotions.require(prodId)).previous).toBe(stageId);
    const answer = await fetch(`${s.url}/api/changes/${encodeURIComponent(prodId)}`, {
      headers: adminHeaders(),
    });
    const way = (await answer.json()) as ChangeWay;
    expect(way.promotions).toEqual([stageId, prodId]);
    expect(way.steps.filter((step) => step.kind === 'merged').map((step) => step.env)).toEqual([
      'stage',
      'prod',
    ]);
    expect(way.leadTimes.map((t) => t.target)).toEqual(['stage', 'prod']);
  });

  it('observes each merge once in the service that recorded it', async () => {
    await waitFor('both merges observed', async () =>
      (await readMetric(s.url, 'auto_promote_lead_time_seconds_count{target="prod"}')) === 1
        ? true
        : undefined,
    );
    expect(await readMetric(s.url, 'auto_promote_lead_time_seconds_count{target="stage"}')).toBe(1);
    expect(await readMetric(s.url, 'auto_promote_review_wait_seconds_count{target="prod"}')).toBe(1);
  });
});
