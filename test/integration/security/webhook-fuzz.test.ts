import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '@auto-promote/runtime';
import { FROM_SOURCE, RoleProcess } from '../../support/role-process';
import { manifest, SECRETS, serviceEnv, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

/**
 * ≥ 10,000 generated and mutated webhook deliveries, with and without a valid token, against
 * auto-promote running as its own process: never a 5xx, still ready afterwards with bounded
 * memory, and no Jenkins trigger for an app whose name is not a safe path segment.
 */
const DELIVERIES = 10_000;
const CONCURRENCY = 16;
let stack: Stack;
let service: RoleProcess;
let url: string;
let validPayload: Record<string, unknown>;

const rss = async (): Promise<number> => {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^auto_promote_process_resident_memory_bytes (\d+)/m.exec(text)?.[1] ?? NaN);
};

beforeAll(async () => {
  stack = await startStack({ name: 'fuzz', roles: [], hook: false });
  service = new RoleProcess(
    ROLES,
    serviceEnv(stack, {
      // The fuzzer fails authentication thousands of times from one address on purpose.
      WEBHOOK_AUTH_FAILURES_PER_MINUTE: '0',
      WEBHOOK_BODY_LIMIT: '256kb',
    }),
    { ...FROM_SOURCE, logLevel: 'silent' },
  );
  await service.start();
  url = await service.url;
  stack.project.addHook({ url: `${url}/webhooks/gitlab`, token: SECRETS.webhookSecret });
  // A real push whose manifests directory holds names git allows but auto-promote must never send to Jenkins.
  const before = stack.project.branchHead('dev')!;
  const after = await stack.project.commit({
    branch: 'dev',
    message: 'hostile directory names',
    files: {
      'manifests/..evil/x.yaml': manifest('evil', '1'),
      'manifests/a b/x.yaml': manifest('ab', '1'),
      'manifests/$(id)/x.yaml': manifest('id', '1'),
      'manifests/-rf/x.yaml': manifest('rf', '1'),
      'manifests/ünïcode/x.yaml': manifest('u', '1'),
      'manifests/exampleApp/exampleApp.yaml': manifest('exampleApp', '42.0.0'),
    },
  });
  validPayload = (await stack.gitlab.buildPushPayload(stack.project, {
    ref: 'refs/heads/dev',
    before,
    after,
  })) as unknown as Record<string, unknown>;
}, 60_000);

afterAll(async () => {
  await service.stop();
  await stack.stop();
});

/** A delivery: a body (string, so it may be broken JSON) and headers. */
const delivery = (valid: Record<string, unknown>) => {
  const hostileValue = fc.oneof(
    fc.jsonValue(),
    fc.string({ maxLength: 2_000 }),
    fc.constant('0'.repeat(40)),
    fc.constant('f'.repeat(64)),
    fc.constant('refs/heads/../../etc'),
    fc.constant({ __proto__: { polluted: true } }),
    fc.constant(JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}')),
    fc.constant(Array.from({ length: 200 }, () => ({ id: 'x', added: ['manifests/../../x'] }))),
    fc.constant('x'.repeat(300_000)),
  );
  const mutated = fc
    .tuple(fc.constantFrom(...Object.keys(valid), 'project', 'commits', 'extra'), hostileValue, fc.boolean())
    .map(([key, value, remove]) => {
      const copy: Record<string, unknown> = { ...valid };
      if (remove) delete copy[key];
      else copy[key] = value;
      return JSON.stringify(copy);
    });
  const body = fc.oneof(
    { weight: 5, arbitrary: mutated },
    { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 500 }) }, // not JSON at all
    { weight: 1, arbitrary: fc.constant(JSON.stringify(valid)) },
  );
  const headers = fc.record({
    token: fc.oneof(fc.constant(SECRETS.webhookSecret), fc.constant(''), fc.string({ maxLength: 40 })),
    event: fc.constantFrom(
      'Push Hook',
      'Tag Push Hook',
      'Merge Request Hook',
      'System Hook',
      '',
      'push hook',
    ),
    contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', ''),
  });
  return fc.tuple(body, headers);
};

describe('webhook fuzzing', () => {
  it(`answers ${DELIVERIES} generated and mutated deliveries without a 5xx, stays ready, keeps memory bounded`, async () => {
    const samples = fc.sample(delivery(validPayload), { numRuns: DELIVERIES, seed: 20261126 });
    const memoryBefore = await rss();
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < samples.length) {
        const [body, h] = samples[next++]!;
        const headers: Record<string, string> = { 'X-Gitlab-Event': h.event, 'X-Gitlab-Token': h.token };
        if (h.contentType) headers['Content-Type'] = h.contentType;
        const response = await fetch(`${url}/webhooks/gitlab`, { method: 'POST', headers, body });
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const fiveHundreds = [...statuses].filter(([s]) => s >= 500);
    expect(fiveHundreds).toEqual([]);
    expect([...statuses.keys()].every((s) => [200, 202, 400, 401, 413, 415].includes(s))).toBe(true);
    expect((statuses.get(202) ?? 0) + (statuses.get(200) ?? 0)).toBeGreaterThan(100);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const memoryAfter = await rss();
    expect(memoryAfter - memoryBefore).toBeLessThan(150 * 1024 * 1024);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();

    // The one genuine push among them was planned: exampleApp promoted, the hostile names never.
    await waitFor(
      'the exampleApp trigger',
      () => stack.jenkins.triggers.some((t) => t.params['APP_NAME'] === 'exampleApp'),
      {
        timeoutMs: 30_000,
      },
    );
    for (const trigger of stack.jenkins.triggers) {
      expect(trigger.params['APP_NAME']).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/);
      expect(trigger.params['APP_NAME']).not.toContain('..');
    }
  }, 180_000);
});
