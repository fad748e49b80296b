import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_NAMES } from '@auto-promote/queues';
import { Queue } from 'bullmq';
import { adminHeaders, postWebhook, SECRETS, startStack, type Stack } from '../../support/stack';

/** Every status code and body of POST /webhooks/gitlab, with only the ingress role running. */
let stack: Stack;
let pushQueue: Queue;
let validPush: Record<string, unknown>;

beforeAll(async () => {
  stack = await startStack({
    name: 'ingress',
    roles: ['ingress'],
    hook: false,
    env: { WEBHOOK_BODY_LIMIT: '64kb' },
  });
  pushQueue = new Queue(QUEUE_NAMES.pushEvents, { connection: stack.redis, prefix: stack.prefix });
  const before = stack.project.branchHead('dev')!;
  const after = await stack.commitApps('dev', { exampleApp: '1.0.1' });
  validPush = (await stack.gitlab.buildPushPayload(stack.project, {
    ref: 'refs/heads/dev',
    before,
    after,
  })) as unknown as Record<string, unknown>;
});

afterAll(async () => {
  await pushQueue.close();
  await stack.stop();
});

const jobCount = async () => {
  const counts = await pushQueue.getJobCounts();
  return Object.values(counts).reduce((a, b) => a + b, 0);
};

describe('POST /webhooks/gitlab', () => {
  it('answers 202 queued once the event is in Redis, and 200 duplicate for a redelivery', async () => {
    const first = await postWebhook(stack.url, validPush);
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ status: 'queued', eventId: expect.stringMatching(/^ev-[0-9a-f]{32}$/) });
    const job = await pushQueue.getJob(String(first.body['eventId']));
    expect(job?.data).toMatchObject({
      branch: 'dev',
      before: validPush['before'],
      after: validPush['after'],
    });
    // Jobs carry what the planner needs, never the payload.
    expect(JSON.stringify(job?.data)).not.toContain('commits');

    const again = await postWebhook(stack.url, validPush, { 'X-Gitlab-Webhook-UUID': 'another-request' });
    expect(again).toEqual({ status: 200, body: { status: 'duplicate', eventId: first.body['eventId'] } });
    expect(await jobCount()).toBe(1);
  });

  it.each([
    [
      'a merge request hook',
      { 'X-Gitlab-Event': 'Merge Request Hook' },
      (p: Record<string, unknown>) => ({ ...p, object_kind: 'merge_request' }),
      'not handled',
    ],
    [
      'a tag push hook',
      { 'X-Gitlab-Event': 'Tag Push Hook' },
      (p: Record<string, unknown>) => ({ ...p, object_kind: 'tag_push', ref: 'refs/tags/v1' }),
      'Tag Push Hook',
    ],
    [
      'a pipeline hook',
      { 'X-Gitlab-Event': 'Pipeline Hook' },
      (p: Record<string, unknown>) => ({ ...p, object_kind: 'pipeline' }),
      'not handled',
    ],
    [
      'another project',
      {},
      (p: Record<string, unknown>) => ({
        ...p,
        project_id: 999,
        project: { path_with_namespace: 'other/repo' },
      }),
      'not the configured',
    ],
    [
      'a push to feature/x (in no position of the map)',
      {},
      (p: Record<string, unknown>) => ({ ...p, ref: 'refs/heads/feature/x' }),
      "branch 'feature/x' has no promotion target",
    ],
    [
      'a push to main',
      {},
      (p: Record<string, unknown>) => ({ ...p, ref: 'refs/heads/main' }),
      'no promotion target',
    ],
    [
      'a branch deletion',
      {},
      (p: Record<string, unknown>) => ({ ...p, after: '0'.repeat(40), checkout_sha: null, commits: [] }),
      'deleted',
    ],
    [
      'a deletion of prod',
      {},
      (p: Record<string, unknown>) => ({
        ...p,
        ref: 'refs/heads/prod',
        after: '0'.repeat(40),
        checkout_sha: null,
        commits: [],
      }),
      "branch 'prod' was deleted",
    ],
  ])('answers 200 ignored for %s and queues nothing', async (_name, headers, mutate, reason) => {
    const before = await jobCount();
    const response = await postWebhook(stack.url, mutate(validPush), headers);
    expect(response.status).toBe(200);
    expect(response.body['status']).toBe('ignored');
    expect(String(response.body['reason'])).toContain(reason);
    expect(await jobCount()).toBe(before);
  });

  it('answers 202 queued for a push to prod, a target that is no source (its merge requests follow)', async () => {
    const before = await jobCount();
    const prodPush = { ...validPush, ref: 'refs/heads/prod' };
    const first = await postWebhook(stack.url, prodPush);
    expect(first).toEqual({
      status: 202,
      body: { status: 'queued', eventId: expect.stringMatching(/^ev-[0-9a-f]{32}$/) },
    });
    const job = await pushQueue.getJob(String(first.body['eventId']));
    expect(job?.data).toMatchObject({ branch: 'prod', source: 'webhook', after: validPush['after'] });
    const again = await postWebhook(stack.url, prodPush);
    expect(again).toEqual({ status: 200, body: { status: 'duplicate', eventId: first.body['eventId'] } });
    expect(await jobCount()).toBe(before + 1);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['wrong', 'not-the-secret'],
    ['a prefix of the secret', SECRETS.webhookSecret.slice(0, 5)],
  ])('answers 401 for a %s token, without a hint about the secret', async (_name, token) => {
    const headers: Record<string, string> = token === undefined ? {} : { 'X-Gitlab-Token': token };
    const response = await fetch(`${stack.url}/webhooks/gitlab`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Gitlab-Event': 'Push Hook', ...headers },
      body: JSON.stringify(validPush),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'unauthorized' });
  });

  it('answers 400 for a body that is not JSON and for a malformed push, naming the field', async () => {
    expect((await postWebhook(stack.url, '{"object_kind": "push",')).status).toBe(400);
    const bad = await postWebhook(stack.url, { ...validPush, after: 'not-a-sha' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body['details'])).toContain('after');
  });

  it('answers 413 for a body over the limit and 415 for a body that is not JSON', async () => {
    const huge = { ...validPush, padding: 'x'.repeat(70 * 1024) };
    expect((await postWebhook(stack.url, huge)).status).toBe(413);
    const response = await fetch(`${stack.url}/webhooks/gitlab`, {
      method: 'POST',
      headers: {
        'Content-Type': 'text/plain',
        'X-Gitlab-Event': 'Push Hook',
        'X-Gitlab-Token': SECRETS.webhookSecret,
      },
      body: JSON.stringify(validPush),
    });
    expect(response.status).toBe(415);
  });

  it('counts webhooks by outcome in /metrics', async () => {
    const text = await (await fetch(`${stack.url}/metrics`)).text();
    expect(text).toMatch(/auto_promote_webhooks_total\{outcome="queued"\} 2/); // dev and prod
    expect(text).toMatch(/auto_promote_webhooks_total\{outcome="unauthorized"\} [1-9]/);
    expect(text).toMatch(/auto_promote_queue_jobs\{queue="push-events",state="waiting"\} 2/);
    expect(text).toContain('auto_promote_promotions{status="planned"}');
  });
});

describe('operational routes', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${stack.url}/readyz`)).json()).toEqual({ status: 'ready' });
  });

  it('puts /api and /admin/queues behind basic auth', async () => {
    expect((await fetch(`${stack.url}/api/promotions`)).status).toBe(401);
    expect((await fetch(`${stack.url}/admin/queues`)).status).toBe(401);
    const wrong = { Authorization: `Basic ${Buffer.from('admin:wrong').toString('base64')}` };
    expect((await fetch(`${stack.url}/api/promotions`, { headers: wrong })).status).toBe(401);
    expect((await fetch(`${stack.url}/api/promotions`, { headers: adminHeaders() })).status).toBe(200);
    const board = await fetch(`${stack.url}/admin/queues`, { headers: adminHeaders() });
    expect(board.status).toBe(200);
    expect(await board.text()).toContain('<html');
  });

  it('never logs a secret', () => {
    for (const secret of Object.values(SECRETS)) expect(stack.logs.text).not.toContain(secret);
    expect(stack.logs.text).toContain('"eventId"');
  });
});
