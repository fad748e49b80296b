import { request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '@auto-promote/config';
import { signWebhook } from '@auto-promote/ingress';
import { createLogger } from '@auto-promote/observability';
import { QUEUE_NAMES, type PushEventJobData } from '@auto-promote/queues';
import { startService, type RunningService } from '@auto-promote/runtime';
import { Queue } from 'bullmq';
import { PrivateRedis } from '../../support/private-redis';
import {
  adminHeaders,
  emulatorEnv,
  LogCapture,
  postWebhook,
  SECRETS,
  startStack,
  type Stack,
} from '../../support/stack';
import { waitFor } from '../../support/wait-for';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

const SIGNING_KEY = 'whsec_' + Buffer.from('signing-key-0123456789abcdef').toString('base64');

async function pushPayload(s: Stack): Promise<Record<string, unknown>> {
  const before = s.project.branchHead('dev')!;
  const after = await s.commitApps('dev', { exampleApp: `1.0.${Date.now() % 100_000}` });
  return (await s.gitlab.buildPushPayload(s.project, {
    ref: 'refs/heads/dev',
    before,
    after,
  })) as unknown as Record<string, unknown>;
}

function signed(body: string, id: string, timestamp = Math.floor(Date.now() / 1000), key = SIGNING_KEY) {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(key, id, timestamp, body),
  };
}

/** POST from a chosen loopback source address (127.0.0.0/8 is all ours). */
function postFrom(url: string, localAddress: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/webhooks/gitlab`, {
      method: 'POST',
      localAddress,
      headers: { 'Content-Type': 'application/json', 'X-Gitlab-Event': 'Push Hook', 'X-Gitlab-Token': token },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end('{}');
  });
}

describe('webhook authentication', () => {
  it('accepts every secret of a rotation and nothing else', async () => {
    stack = await startStack({
      name: 'rotation',
      roles: ['ingress'],
      hook: false,
      env: { GITLAB_WEBHOOK_SECRET: `old-secret,${SECRETS.webhookSecret}` },
    });
    const payload = await pushPayload(stack);
    expect((await postWebhook(stack.url, payload, { 'X-Gitlab-Token': 'old-secret' })).status).toBe(202);
    expect((await postWebhook(stack.url, payload)).status).toBe(200);
    expect(
      (await postWebhook(stack.url, payload, { 'X-Gitlab-Token': 'old-secret,' + SECRETS.webhookSecret }))
        .status,
    ).toBe(401);
  });

  it('verifies GitLab signing tokens: valid, tampered, stale, unsigned and replayed deliveries', async () => {
    stack = await startStack({
      name: 'signing',
      roles: ['ingress'],
      hook: false,
      env: { GITLAB_WEBHOOK_SIGNING_KEY: SIGNING_KEY },
    });
    const body = JSON.stringify(await pushPayload(stack));
    const first = await postWebhook(stack.url, body, signed(body, 'delivery-1'));
    expect(first.status).toBe(202);
    // The same signed delivery again, within the tolerance: refused as a replay.
    expect((await postWebhook(stack.url, body, signed(body, 'delivery-1'))).status).toBe(401);
    const tampered = `${body.slice(0, -1)},"extra":1}`;
    expect((await postWebhook(stack.url, tampered, signed(body, 'delivery-2'))).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await postWebhook(stack.url, body, signed(body, 'delivery-3', stale))).status).toBe(401);
    expect(
      (
        await postWebhook(
          stack.url,
          body,
          signed(body, 'delivery-4', undefined, 'whsec_' + Buffer.from('other').toString('base64')),
        )
      ).status,
    ).toBe(401);
    expect((await postWebhook(stack.url, body)).status).toBe(401); // token alone is not enough once signing is on
    // Rotation on GitLab's side: several signatures, one valid.
    const rotated = signed(body, 'delivery-5');
    rotated['webhook-signature'] =
      `v1,${Buffer.from('nope').toString('base64')} ${rotated['webhook-signature']}`;
    expect((await postWebhook(stack.url, body, rotated)).status).toBe(200); // valid; a duplicate event
  });

  it('rate limits failed authentication per source address, without touching other sources', async () => {
    stack = await startStack({
      name: 'auth-limit',
      roles: ['ingress'],
      hook: false,
      env: { WEBHOOK_AUTH_FAILURES_PER_MINUTE: '5' },
    });
    for (let i = 0; i < 5; i += 1) expect(await postFrom(stack.url, '127.0.0.2', 'guess-' + i)).toBe(401);
    expect(await postFrom(stack.url, '127.0.0.2', SECRETS.webhookSecret)).toBe(429); // blocked, even with the secret
    expect(await postFrom(stack.url, '127.0.0.3', SECRETS.webhookSecret)).toBe(400); // another source: authenticated ({} is malformed)
    const metrics = await (await fetch(`${stack.url}/metrics`)).text();
    expect(metrics).toMatch(/auto_promote_webhooks_total\{outcome="unauthorized"\} 5/);
    expect(metrics).toMatch(/auto_promote_webhooks_total\{outcome="rate_limited"\} 1/);
  });
});

describe('slow clients', () => {
  let service: RunningService | undefined;
  afterEach(async () => {
    await service?.close(2_000);
    service = undefined;
  });

  it('drops a client that never finishes its headers, or its body', async () => {
    const config = loadConfig({
      env: {
        GITLAB_URL: 'http://127.0.0.1:9',
        GITLAB_TOKEN: 't',
        GITLAB_WEBHOOK_SECRET: SECRETS.webhookSecret,
        GITLAB_PROJECT: 'p/r',
        JENKINS_URL: 'http://127.0.0.1:9',
        JENKINS_USER: 'u',
        JENKINS_API_TOKEN: 't',
        PORT: '0',
        HOST: '127.0.0.1',
        QUEUE_PREFIX: `slow-${Date.now()}`,
      },
    });
    service = await startService(config, {
      roles: ['ingress'],
      logger: createLogger({ level: 'silent' }),
      httpTimeouts: { headersMs: 500, requestMs: 1_000 },
    });
    const port = new URL(service.url!).port;
    const closedAfter = (partial: string) =>
      new Promise<number>((resolve) => {
        const started = Date.now();
        const socket = connect(Number(port), '127.0.0.1', () => socket.write(partial));
        socket.on('data', () => undefined);
        socket.on('close', () => resolve(Date.now() - started));
        socket.on('error', () => undefined);
      });
    // Slowloris: headers never end.
    expect(await closedAfter('POST /webhooks/gitlab HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n')).toBeLessThan(
      4_000,
    );
    // Headers complete, the body never comes.
    const headers = `POST /webhooks/gitlab HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Gitlab-Token: ${SECRETS.webhookSecret}\r\nContent-Length: 1000\r\n\r\n{"a":`;
    expect(await closedAfter(headers)).toBeLessThan(5_000);
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
  });
});

describe('access and secrets', () => {
  it('keeps the dashboard read-only unless ADMIN_ALLOW_WRITE is set', async () => {
    stack = await startStack({ name: 'readonly', roles: ['ingress'], hook: false });
    const pause = () =>
      fetch(`${stack!.url}/admin/queues/api/queues/${QUEUE_NAMES.pushEvents}/pause`, {
        method: 'PUT',
        headers: adminHeaders(),
      });
    expect((await pause()).status).toBe(405);
    await stack.stop();
    stack = await startStack({
      name: 'writable',
      roles: ['ingress'],
      hook: false,
      env: { ADMIN_ALLOW_WRITE: 'true' },
    });
    expect((await pause()).status).toBe(200);
  });

  it('never writes a secret to the log, and jobs hold ids and names only', async () => {
    stack = await startStack({ name: 'redaction', roles: ['ingress'], hook: false });
    const payload = await pushPayload(stack);
    await postWebhook(stack.url, payload, {
      Authorization: `Bearer ${SECRETS.gitlabToken}`,
      Cookie: `session=${SECRETS.adminPassword}`,
      'PRIVATE-TOKEN': SECRETS.jenkinsToken,
    });
    await postWebhook(stack.url, payload, { 'X-Gitlab-Token': 'a-wrong-guess-that-is-also-secret' });
    await fetch(`${stack.url}/api/promotions`, { headers: adminHeaders() });
    await fetch(`${stack.url}/api/promotions`, {
      headers: { Authorization: 'Basic ' + Buffer.from('admin:guess-pw').toString('base64') },
    });
    const text = stack.logs.text;
    for (const secret of [...Object.values(SECRETS), 'a-wrong-guess-that-is-also-secret', 'guess-pw']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
    const queue = new Queue<PushEventJobData>(QUEUE_NAMES.pushEvents, {
      connection: stack.redis,
      prefix: stack.prefix,
    });
    const [job] = await queue.getJobs(['waiting']);
    await queue.close();
    expect(Object.keys(job?.data ?? {}).sort()).toEqual(
      [
        'after',
        'before',
        'branch',
        'eventId',
        'projectId',
        'projectPath',
        'pushOrder',
        'receivedAt',
        'source',
        'totalCommitsCount',
        'userUsername',
      ].sort(),
    );
  });

  it('answers internal errors without stack traces or upstream details', async () => {
    const redis = await PrivateRedis.start();
    stack = await startStack({
      name: 'errors',
      roles: ['ingress'],
      hook: false,
      env: { REDIS_URL: redis.url },
    });
    try {
      await redis.kill();
      await waitFor('readiness to fail', async () => (await fetch(`${stack!.url}/readyz`)).status === 503);
      const response = await fetch(`${stack.url}/api/promotions`, { headers: adminHeaders() });
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ error: 'internal error' });
    } finally {
      await redis.resume();
      await stack.stop();
      stack = undefined;
      await redis.stop();
    }
  });

  it('prints the configuration masked at start-up', async () => {
    const logs = new LogCapture();
    stack = await startStack({ name: 'masked', roles: ['ingress'], hook: false });
    const config = loadConfig({ env: { ...process.env, ...stackEnv(stack) } });
    const service = await startService(config, {
      roles: ['ingress'],
      logger: createLogger({ destination: logs }),
    });
    await service.close();
    const started = logs.lines.find((l) => l.includes('auto-promote started')) ?? '';
    expect(started).toContain('"token":"***"');
    for (const secret of Object.values(SECRETS)) expect(started).not.toContain(secret);
  });
});

function stackEnv(s: Stack): Record<string, string> {
  return {
    REDIS_URL: s.config.redis.url,
    QUEUE_PREFIX: s.prefix,
    PORT: '0',
    HOST: '127.0.0.1',
    ...emulatorEnv(s.gitlab.url, s.jenkins.url),
    ADMIN_USER: 'admin',
    ADMIN_PASSWORD: SECRETS.adminPassword,
  };
}
