import { afterEach, describe, expect, it } from 'vitest';
import { promotionId } from '@auto-promote/domain';
import { countBuilds, postWebhook, startStack, type Stack } from '../../support/stack';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

const idFor = (app: string, sha: string) => promotionId({ app, sourceEnv: 'dev', targetEnv: 'stage', sha });

/** Builds per app and image tag: one per app content. */
const buildsPerContent = (s: Stack) =>
  Object.fromEntries(countBuilds(s.jenkins, (p) => `${p['APP_NAME']}:${p['IMAGE_TAG']}`));

/**
 * Two pushes whose ranges overlap: A is h0→h1 (h1 changes cartService), B is h0→h2 (h2 = h1 + a change to
 * orderService only) — as when GitLab's `before` lags, or the reconciler plans a range over an earlier push.
 * cartService has the same manifests at h2 as at h1: built once, for h1's content.
 */
async function overlappingPushes(s: Stack, round: number) {
  const h0 = s.project.branchHead('dev')!;
  const h1 = await s.commitApps('dev', { cartService: `1.${round}.0` });
  const h2 = await s.commitApps('dev', { orderService: `2.${round}.0` });
  const deliver = async (before: string, after: string) => {
    const payload = await s.gitlab.buildPushPayload(s.project, { ref: 'refs/heads/dev', before, after });
    expect((await postWebhook(s.url, payload)).status).toBe(202);
  };
  return {
    a: () => deliver(h0, h1),
    b: () => deliver(h0, h2),
    cartA: idFor('cartService', h1),
    cartB: idFor('cartService', h2),
    orderB: idFor('orderService', h2),
  };
}

describe('an app unchanged between two overlapping pushes', () => {
  it('is not triggered again by the push whose range also covers the earlier one', async () => {
    stack = await startStack({
      name: 'unchanged-app',
      hook: false,
      apps: { cartService: '1.0.0', orderService: '2.0.0' },
    });
    const push = await overlappingPushes(stack, 1);
    await push.a();
    const [cartA] = await stack.settled([push.cartA]);
    expect(cartA?.status).toBe('succeeded');

    await push.b();
    const [cartB, orderB] = await stack.settled([push.cartB, push.orderB]);
    expect(orderB?.status).toBe('succeeded');
    expect(cartB).toMatchObject({ status: 'skipped', reason: expect.stringContaining('unchanged since') });
    expect(buildsPerContent(stack)).toEqual({ 'cartService:1.1.0': 1, 'orderService:2.1.0': 1 });
  });

  it('builds each app content once when both pushes are delivered at the same time, round after round', async () => {
    stack = await startStack({
      name: 'unchanged-app-concurrent',
      hook: false,
      apps: { cartService: '1.0.0', orderService: '2.0.0' },
    });
    const expected: Record<string, number> = {};
    for (let round = 1; round <= 10; round += 1) {
      const push = await overlappingPushes(stack, round);
      await Promise.all([push.a(), push.b()]);
      const records = await stack.settled([push.cartA, push.cartB, push.orderB]);
      expected[`cartService:1.${round}.0`] = 1;
      expected[`orderService:2.${round}.0`] = 1;
      const statuses = records.map((r) => r.status);
      expect({ round, builds: buildsPerContent(stack) }).toEqual({ round, builds: expected });
      // One of A's and B's cartService promotions did the work; the other ended without a build.
      expect(statuses.filter((st) => st === 'succeeded')).toHaveLength(2);
    }
  });
});
