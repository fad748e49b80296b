import { afterEach, describe, expect, it } from 'vitest';
import { promotionId } from '@auto-promote/domain';
import { EventStore } from '@auto-promote/records';
import { postWebhook, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

const GONE = 'deadbeef'.repeat(5);
const idFor = (app: string, sha: string) => promotionId({ app, sourceEnv: 'dev', targetEnv: 'stage', sha });

/** Delivers a real Push Hook for `before..after` whose `before` GitLab has never seen (garbage-collected). */
async function pushWithUnknownBefore(s: Stack, before: string, after: string): Promise<string> {
  const payload = await s.gitlab.buildPushPayload(s.project, { ref: 'refs/heads/dev', before, after });
  const response = await postWebhook(s.url, { ...payload, before: GONE });
  expect(response.status).toBe(202);
  return String(response.body['eventId']);
}

describe('a push whose before GitLab does not know', () => {
  it('is planned from the last planned head, and the event says so', async () => {
    stack = await startStack({
      name: 'unknown-before',
      hook: false,
      apps: { cart: '1.0.0', order: '2.0.0' },
    });
    const events = new EventStore(stack.redis, stack.prefix);
    const h0 = stack.project.branchHead('dev')!;
    const h1 = await stack.commitApps('dev', { cart: '1.1.0' });
    // The first push arrives as GitLab sends it, so the branch's planned head moves to h1.
    const first = await stack.gitlab.buildPushPayload(stack.project, {
      ref: 'refs/heads/dev',
      before: h0,
      after: h1,
    });
    expect((await postWebhook(stack.url, first)).status).toBe(202);
    await stack.settled([idFor('cart', h1)]);

    const h2 = await stack.commitApps('dev', { order: '2.1.0' });
    const eventId = await pushWithUnknownBefore(stack, h1, h2);
    const [order] = await stack.settled([idFor('order', h2)]);
    expect(order?.status).toBe('succeeded');
    const event = await waitFor('the event record', () => events.get(eventId));
    expect(event).toMatchObject({ status: 'planned' });
    expect(event.reason).toContain(`planned from the last planned head ${h1.slice(0, 8)}`);
    // cart did not change since h1: not promoted again.
    expect(await stack.promotions.get(idFor('cart', h2))).toBeNull();
  });

  it('is planned from what differs from the target branch when no head was planned', async () => {
    stack = await startStack({
      name: 'unknown-before-target',
      hook: false,
      apps: { cart: '1.0.0', order: '2.0.0' },
    });
    const events = new EventStore(stack.redis, stack.prefix);
    const h0 = stack.project.branchHead('dev')!;
    const h1 = await stack.commitApps('dev', { cart: '1.2.0' });
    // No planned head, as on a fresh Redis: once the reconciler's first look has recorded one, it is removed.
    const head = `${stack.prefix}:planned-head:dev`;
    await waitFor("the reconciler's first look", () => stack!.redis.get(head));
    await stack.redis.del(head);
    const eventId = await pushWithUnknownBefore(stack, h0, h1);
    const [cart] = await stack.settled([idFor('cart', h1)]);
    expect(cart?.status).toBe('succeeded');
    const event = await waitFor('the event record', () => events.get(eventId));
    expect(event.reason).toContain("planned from what differs from 'stage'");
    expect(await stack.promotions.get(idFor('order', h1))).toBeNull();
  });
});
