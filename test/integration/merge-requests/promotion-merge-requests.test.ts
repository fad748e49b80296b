import { afterEach, describe, expect, it } from 'vitest';
import { promotionId, type PromotionRecord } from '@auto-promote/domain';
import { adminHeaders, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';
import { cli, stackEnv } from '../operations/support/cli';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

const idFor = (app: string, sha: string, sourceEnv = 'dev', targetEnv = 'stage') =>
  promotionId({ app, sourceEnv, targetEnv, sha });

async function withMergeRequest(
  s: Stack,
  id: string,
  test: (r: PromotionRecord) => boolean = () => true,
): Promise<PromotionRecord> {
  return waitFor(
    `promotion ${id} to record its merge request`,
    async () => {
      const r = await s.promotions.get(id);
      return r?.mergeRequest && test(r) ? r : undefined;
    },
    { timeoutMs: 15_000 },
  );
}

describe("a promotion's merge request", () => {
  it('is found and recorded dev → stage → prod, merged by the target push and by the reconciler', async () => {
    stack = await startStack({
      name: 'mr-chain',
      apps: { exampleApp: '1.0.0' },
      job: { mergeRequests: {} },
      env: { PROMOTION_MR_LOOKUP_TIMEOUT: '30s', RECONCILE_INTERVAL: '500ms' },
    });
    const s = stack;
    const devSha = await s.commitApps('dev', { exampleApp: '2.0.0' });
    const stageId = idFor('exampleApp', devSha);
    const stage = await withMergeRequest(s, stageId);
    const [opened] = s.project.mergeRequests({ state: 'opened', targetBranch: 'stage' });
    expect(stage.mergeRequest).toEqual({
      iid: opened!.iid,
      url: expect.stringContaining(`/-/merge_requests/${opened!.iid}`) as string,
      state: 'opened',
      sourceBranch: 'promote-stage-2.0.0',
      openedAt: opened!.createdAt,
      mergedAt: null,
      mergeCommitSha: null,
      reason: null,
    });
    // The receipt: GitLab's delivery headers, the promotion, its queue item and build, its merge request.
    const delivery = s.gitlab.hookDeliveries.find((d) => d.payload.after === devSha);
    expect(stage.delivery).toEqual({
      idempotencyKey: delivery!.idempotencyKey,
      eventUuid: delivery!.eventUuid,
    });
    const api = await fetch(`${s.url}/api/promotions/${encodeURIComponent(stageId)}`, {
      headers: adminHeaders(),
    });
    const receipt = (await api.json()) as PromotionRecord;
    expect(receipt).toMatchObject({
      id: stageId,
      delivery: stage.delivery,
      jenkins: { queueId: expect.any(Number) as number, buildNumber: expect.any(Number) as number },
      mergeRequest: { iid: opened!.iid, state: 'opened' },
    });

    const shown = await cli(['promotions', stageId], stackEnv(s));
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`Idempotency-Key ${delivery!.idempotencyKey}`);
    expect(shown.stdout).toContain(`X-Gitlab-Event-UUID ${delivery!.eventUuid}`);
    expect(shown.stdout).toMatch(new RegExp(`merge request +!${opened!.iid} opened `));
    expect(shown.stdout).toMatch(/build +#\d+ SUCCESS/);

    // Merging it pushes to stage: the push refreshes the record (and plans stage → prod).
    const merged = await s.project.mergeMergeRequest(opened!.iid);
    const stageMerged = await withMergeRequest(s, stageId, (r) => r.mergeRequest?.state === 'merged');
    expect(stageMerged.mergeRequest).toMatchObject({
      mergedAt: merged.mergedAt,
      mergeCommitSha: merged.mergeCommitSha,
    });
    expect(stageMerged.status).toBe('succeeded');

    const prodId = idFor('exampleApp', merged.mergeCommitSha!, 'stage', 'prod');
    const prod = await withMergeRequest(s, prodId);
    expect(prod.mergeRequest).toMatchObject({ state: 'opened', sourceBranch: 'promote-prod-2.0.0' });
    // prod is no source, but its push is delivered too: the push (or a reconcile) records the merge.
    const prodMerged = await s.project.mergeMergeRequest(prod.mergeRequest!.iid!);
    const done = await withMergeRequest(s, prodId, (r) => r.mergeRequest?.state === 'merged');
    expect(done.mergeRequest?.mergeCommitSha).toBe(prodMerged.mergeCommitSha);
  });

  it("records 'none' with the reason when the build opened no merge request", async () => {
    stack = await startStack({
      name: 'mr-none',
      apps: { exampleApp: '1.0.0' },
      job: { mergeRequests: { openMergeRequest: false } },
      env: { PROMOTION_MR_LOOKUP_TIMEOUT: '3s' },
    });
    const sha = await stack.commitApps('dev', { exampleApp: '2.0.0' });
    const record = await withMergeRequest(stack, idFor('exampleApp', sha));
    expect(record.status).toBe('succeeded');
    expect(record.mergeRequest).toMatchObject({
      iid: null,
      state: 'none',
      sourceBranch: 'promote-stage-2.0.0',
      reason: expect.stringContaining(
        'opened no merge request from promote-stage-2.0.0 into stage',
      ) as string,
    });
  });

  it('finds it on the branch PROMOTION_MR_BRANCH names', async () => {
    stack = await startStack({
      name: 'mr-template',
      apps: { exampleApp: '1.0.0' },
      job: {
        mergeRequests: { branch: (p) => `release/${p['APP_NAME']}/${p['TARGET_ENV']}-${p['IMAGE_TAG']}` },
      },
      env: { PROMOTION_MR_LOOKUP_TIMEOUT: '30s', PROMOTION_MR_BRANCH: 'release/{appName}/{target}-{tag}' },
    });
    const sha = await stack.commitApps('dev', { exampleApp: '2.0.0' });
    const record = await withMergeRequest(stack, idFor('exampleApp', sha));
    expect(record.mergeRequest).toMatchObject({
      state: 'opened',
      sourceBranch: 'release/exampleApp/stage-2.0.0',
    });
  });
});
