import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateRedis } from '../../support/private-redis';
import { postWebhook, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

/** When Redis cannot take an event the ingress must say so at once, so GitLab records a failure. */
let redis: PrivateRedis;
let stack: Stack;
let push: Record<string, unknown>;

beforeAll(async () => {
  redis = await PrivateRedis.start();
  stack = await startStack({
    name: 'redis-down',
    roles: ['ingress'],
    hook: false,
    env: { REDIS_URL: redis.url },
  });
  const before = stack.project.branchHead('dev')!;
  const after = await stack.commitApps('dev', { exampleApp: '2.0.0' });
  push = (await stack.gitlab.buildPushPayload(stack.project, {
    ref: 'refs/heads/dev',
    before,
    after,
  })) as unknown as Record<string, unknown>;
});

afterAll(async () => {
  await redis.resume().catch(() => undefined);
  await stack.stop();
  await redis.stop();
});

describe('Redis unavailable', () => {
  it('answers 503 fast and readiness fails; both recover when Redis is back', async () => {
    await redis.kill();
    await waitFor('readiness to fail', async () => (await fetch(`${stack.url}/readyz`)).status === 503);
    const started = Date.now();
    const response = await postWebhook(stack.url, push);
    expect(response.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(JSON.stringify(response.body)).not.toMatch(/ECONNREFUSED|stack|at /);

    await redis.resume();
    await waitFor('readiness to recover', async () => (await fetch(`${stack.url}/readyz`)).status === 200);
    // GitLab's next delivery (or a "Resend request") is then accepted: nothing was half-stored.
    const retried = await postWebhook(stack.url, push);
    expect(retried.status).toBe(202);
  });
});
