import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { promotionId } from '@auto-promote/domain';
import { QUEUE_NAMES } from '@auto-promote/queues';
import { ROLES } from '@auto-promote/runtime';
import { FROM_SOURCE, RoleProcess } from '../../support/role-process';
import { postWebhook, SECRETS, serviceEnv, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

let stack: Stack | undefined;
let service: RoleProcess | undefined;
afterEach(async () => {
  await service?.kill();
  await stack?.stop();
  service = undefined;
  stack = undefined;
});

/** auto-promote as its own process (all roles), configured against the test's emulators and Redis. */
async function serve(s: Stack): Promise<{ url: string; process: RoleProcess }> {
  service = new RoleProcess(ROLES, serviceEnv(s, { SHUTDOWN_TIMEOUT: '10s' }), FROM_SOURCE);
  await service.start();
  const url = await service.url;
  s.project.addHook({ url: `${url}/webhooks/gitlab`, token: SECRETS.webhookSecret });
  return { url, process: service };
}

describe('graceful shutdown', () => {
  it('on SIGTERM turns unready, refuses webhooks with 503, finishes the in-flight trigger and exits 0', async () => {
    stack = await startStack({ name: 'sigterm', roles: ['ingress'], hook: false });
    const service = await serve(stack);
    stack.jenkins.faults.set({ delayMs: 1_500 }); // the trigger request will be in flight when the signal comes
    const sha = await stack.commitApps('dev', { exampleApp: '9.9.1' });
    const id = promotionId({ app: 'exampleApp', sourceEnv: 'dev', targetEnv: 'stage', sha });
    await waitFor(
      'the trigger to be under way',
      async () => (await stack!.promotions.get(id))?.triggerIntentAt,
    );

    const exited = service.process.signal('SIGTERM');
    await waitFor('readiness to fail', async () => (await fetch(`${service.url}/readyz`)).status === 503);
    const refused = await postWebhook(service.url, { object_kind: 'push' });
    expect(refused.status).toBe(503);

    expect(await exited).toBe(0);
    const record = await stack.promotions.get(id);
    // The in-flight call finished and was recorded (the run goes on to the build while it drains).
    expect(['triggered', 'building', 'succeeded']).toContain(record?.status);
    expect(record?.jenkins.queueId).not.toBeNull();
    const promotions = new Queue(QUEUE_NAMES.promotions, { connection: stack.redis, prefix: stack.prefix });
    expect(await promotions.getActiveCount()).toBe(0); // nothing left locked for the stall timeout
    await promotions.close();
  });

  it('exits at once on a second signal', async () => {
    stack = await startStack({ name: 'sigterm-twice', roles: ['ingress'], hook: false });
    const service = await serve(stack);
    stack.jenkins.faults.set({ delayMs: 8_000 });
    const sha = await stack.commitApps('dev', { postgres: '17.1' });
    const id = promotionId({ app: 'postgres', sourceEnv: 'dev', targetEnv: 'stage', sha });
    await waitFor(
      'the trigger to be under way',
      async () => (await stack!.promotions.get(id))?.triggerIntentAt,
    );
    const started = Date.now();
    const exited = service.process.signal('SIGTERM');
    await waitFor('readiness to fail', async () => (await fetch(`${service.url}/readyz`)).status === 503);
    void service.process.signal('SIGINT');
    expect(await exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
