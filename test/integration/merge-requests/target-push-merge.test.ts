import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { eventId, promotionId, type PromotionRecord } from '@auto-promote/domain';
import { QUEUE_NAMES } from '@auto-promote/queues';
import { countBuilds, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

/**
 * prod is only a target (PROMOTION_MAP dev=stage,stage=prod), yet its push hook is delivered and accepted: a
 * merge of the prod promotion's merge request is recorded at once, from that push, not a reconcile later. The
 * reconciler runs every 10 minutes here, so it cannot be what records it.
 */
let s: Stack;
let reconciles: Queue;
let prodId: string;
let prodRecord: PromotionRecord;
let prodMerge: { mergeCommitSha: string | null; mergedAt: string | null };
let recordedAfterMs: number;
let reconcileRuns: { before: number; after: number };

const recorded = (id: string, state: string, timeoutMs = 20_000) =>
  waitFor(
    `promotion ${id} to record its merge request ${state}`,
    async () => {
      const r = await s.promotions.get(id);
      return r?.mergeRequest?.state === state ? r : undefined;
    },
    { timeoutMs },
  );

const runsOfTheReconciler = async () => {
  const counts = await reconciles.getJobCounts('active', 'completed', 'failed');
  return Object.values(counts).reduce((a, b) => a + b, 0);
};

beforeAll(async () => {
  s = await startStack({
    name: 'mr-target-push',
    apps: { exampleApp: '1.0.0' },
    job: { mergeRequests: {} },
    env: { PROMOTION_MR_LOOKUP_TIMEOUT: '30s', RECONCILE_INTERVAL: '10m' },
  });
  reconciles = new Queue(QUEUE_NAMES.reconcile, { connection: s.redis, prefix: s.prefix });
  const devSha = await s.commitApps('dev', { exampleApp: '4.0.0' });
  const stageId = promotionId({ app: 'exampleApp', sourceEnv: 'dev', targetEnv: 'stage', sha: devSha });
  const stage = await recorded(stageId, 'opened');
  const stageMerge = await s.project.mergeMergeRequest(stage.mergeRequest?.iid ?? 0);
  await recorded(stageId, 'merged');
  prodId = promotionId({
    app: 'exampleApp',
    sourceEnv: 'stage',
    targetEnv: 'prod',
    sha: stageMerge.mergeCommitSha ?? '',
  });
  const prod = await recorded(prodId, 'opened');

  reconcileRuns = { before: await runsOfTheReconciler(), after: 0 };
  const mergedAt = Date.now();
  prodMerge = await s.project.mergeMergeRequest(prod.mergeRequest?.iid ?? 0);
  prodRecord = await recorded(prodId, 'merged', 5_000);
  recordedAfterMs = Date.now() - mergedAt;
  reconcileRuns.after = await runsOfTheReconciler();
}, 90_000);

afterAll(async () => {
  await reconciles?.close();
  await s?.stop();
});

describe('a merge into a branch that is only a target (prod)', () => {
  it("records the prod promotion's merge request merged within seconds, with no reconcile", () => {
    expect(prodRecord.mergeRequest).toMatchObject({
      state: 'merged',
      mergedAt: prodMerge.mergedAt,
      mergeCommitSha: prodMerge.mergeCommitSha,
    });
    expect(recordedAfterMs).toBeLessThan(5_000);
    expect(reconcileRuns.after).toBe(reconcileRuns.before);
  });

  it('comes from the prod push: delivered, accepted and planned as skipped', async () => {
    const delivery = s.gitlab.hookDeliveries.find(
      (d) => d.payload.ref === 'refs/heads/prod' && d.payload.after === prodMerge.mergeCommitSha,
    );
    expect(delivery).toMatchObject({ status: 202, ok: true });
    const id = eventId({
      projectId: delivery!.payload.project_id,
      ref: delivery!.payload.ref,
      before: delivery!.payload.before,
      after: delivery!.payload.after,
    });
    const event = await waitFor('the prod push to be planned', () => s.infra.events.get(id));
    expect(event).toMatchObject({
      branch: 'prod',
      source: 'webhook',
      status: 'skipped',
      reason: "'prod' has no promotion target",
      promotionIds: [],
    });
  });

  it('triggers nothing in Jenkins for prod: prod promotes nowhere', () => {
    const bySource = countBuilds(s.jenkins, (p) => `${p['SOURCE_ENV']}→${p['TARGET_ENV']}`);
    expect(Object.fromEntries(bySource)).toEqual({ 'dev→stage': 1, 'stage→prod': 1 });
  });
});
