import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorCheck, DoctorReport } from '@auto-promote/operations';
import { serviceEnv, startStack, type Stack } from '../../support/stack';
import { cli } from './support/cli';

/**
 * `doctor`'s end-to-end check: GitLab sends the hook a test push (POST /projects/:id/hooks/:hook_id/test/
 * push_events) and the ingress's record of it in Redis proves that webhooks arrive with the right secret.
 */
let stack: Stack;
let hookId: number;

beforeAll(async () => {
  stack = await startStack({ name: 'doctor-delivery', roles: ['ingress'] });
  hookId = stack.project.hooks.list()[0]!.id;
});

afterAll(async () => {
  await stack.stop();
});

async function deliveryCheck(env: Record<string, string> = {}): Promise<DoctorCheck | undefined> {
  const run = await cli(['doctor', '--json', '--test-push-timeout', '2'], serviceEnv(stack, env));
  return run.json<DoctorReport>().checks.find((c) => c.name === 'webhook delivery');
}

describe('doctor: webhook delivery', () => {
  it('passes when the test push reaches the ingress and is authenticated', async () => {
    const before = stack.gitlab.hookDeliveries.length;
    const check = await deliveryCheck();
    expect(check).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('authenticated') as unknown,
    });
    const test = stack.gitlab.hookDeliveries.slice(before);
    expect(test.map((d) => [d.hookId, d.status])).toEqual([[hookId, 200]]);
    expect(check?.detail).toContain(test[0]!.eventUuid);
  });

  it('fails, naming the token, when the ingress refuses the secret', async () => {
    stack.project.hooks.update(hookId, { token: 'not-the-secret' });
    try {
      const check = await deliveryCheck();
      expect(check).toMatchObject({
        status: 'fail',
        fix: expect.stringContaining('--rotate-token') as unknown,
      });
      expect(check?.detail).toContain('refused its secret token');
    } finally {
      stack.project.hooks.update(hookId, { token: serviceEnv(stack)['GITLAB_WEBHOOK_SECRET']! });
    }
  });

  it('fails when the ingress watching Redis is not the one the hook reaches', async () => {
    const check = await deliveryCheck({ QUEUE_PREFIX: `${stack.prefix}-elsewhere` });
    expect(check).toMatchObject({ status: 'fail', detail: expect.stringContaining('no ingress') as unknown });
  });

  it('is skipped with --no-test-push', async () => {
    const run = await cli(['doctor', '--json', '--no-test-push'], serviceEnv(stack));
    expect(run.json<DoctorReport>().checks.map((c) => c.name)).not.toContain('webhook delivery');
  });
});
