import { spawn, type ChildProcess } from 'node:child_process';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { promotionId } from '@auto-promote/domain';
import { freePort } from '@auto-promote/sandbox';
import { QUEUE_NAMES } from '@auto-promote/queues';
import { emulatorEnv, postWebhook, SECRETS, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

let stack: Stack | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  child?.kill('SIGKILL');
  await stack?.stop();
  stack = undefined;
});

/** auto-promote as its own process (all roles), configured against the test's emulators and Redis. */
async function serve(s: Stack): Promise<{ url: string; exited: Promise<number | null> }> {
  const port = await freePort();
  child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      './tools/register-lua.mjs',
      'apps/cli/src/main.ts',
      'serve',
      '--role',
      'all',
    ],
    {
      env: {
        ...process.env,
        REDIS_URL: s.config.redis.url,
        QUEUE_PREFIX: s.prefix,
        PORT: String(port),
        HOST: '127.0.0.1',
        ...emulatorEnv(s.gitlab.url, s.jenkins.url),
        JENKINS_POLL_INTERVAL_MS: '50',
        JENKINS_MAX_TRIGGERS_PER_SECOND: '0',
        SHUTDOWN_TIMEOUT: '10s',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  await waitFor('the service to be ready', async () => (await fetch(`${url}/readyz`)).status === 200, {
    timeoutMs: 20_000,
  });
  return { url, exited };
}

describe('graceful shutdown', () => {
  it('on SIGTERM turns unready, refuses webhooks with 503, finishes the in-flight trigger and exits 0', async () => {
    stack = await startStack({ name: 'sigterm', roles: ['ingress'], hook: false });
    const service = await serve(stack);
    stack.project.addHook({ url: `${service.url}/webhooks/gitlab`, token: SECRETS.webhookSecret });
    stack.jenkins.faults.set({ delayMs: 1_500 }); // the trigger request will be in flight when the signal comes
    const sha = await stack.commitApps('dev', { exampleApp: '9.9.1' });
    const id = promotionId({ app: 'exampleApp', sourceEnv: 'dev', targetEnv: 'stage', sha });
    await waitFor(
      'the trigger to be under way',
      async () => (await stack!.promotions.get(id))?.triggerIntentAt,
    );

    child!.kill('SIGTERM');
    await waitFor('readiness to fail', async () => (await fetch(`${service.url}/readyz`)).status === 503);
    const refused = await postWebhook(service.url, { object_kind: 'push' });
    expect(refused.status).toBe(503);

    expect(await service.exited).toBe(0);
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
    stack.project.addHook({ url: `${service.url}/webhooks/gitlab`, token: SECRETS.webhookSecret });
    stack.jenkins.faults.set({ delayMs: 8_000 });
    const sha = await stack.commitApps('dev', { postgres: '17.1' });
    const id = promotionId({ app: 'postgres', sourceEnv: 'dev', targetEnv: 'stage', sha });
    await waitFor(
      'the trigger to be under way',
      async () => (await stack!.promotions.get(id))?.triggerIntentAt,
    );
    const started = Date.now();
    child!.kill('SIGTERM');
    await waitFor('readiness to fail', async () => (await fetch(`${service.url}/readyz`)).status === 503);
    child!.kill('SIGINT');
    expect(await service.exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
