import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VersionBlock } from '@auto-promote/domain';
import { adminHeaders, startStack, type Stack } from '../../support/stack';

/** /api/blocks: admin basic auth, writes only with ADMIN_ALLOW_WRITE, bad input answered 400 with nothing changed. */
let writable: Stack;
let readOnly: Stack;
beforeAll(async () => {
  [writable, readOnly] = await Promise.all([
    startStack({ name: 'blocks-api-rw', roles: ['ingress'], env: { ADMIN_ALLOW_WRITE: 'true' } }),
    startStack({ name: 'blocks-api-ro', roles: ['ingress'] }),
  ]);
});
afterAll(async () => {
  await Promise.all([writable?.stop(), readOnly?.stop()]);
});

const SHA = 'a'.repeat(40);
const json = { ...adminHeaders(), 'Content-Type': 'application/json' };
const call = async (stack: Stack, method: string, path: string, body?: unknown, auth = true) => {
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: auth ? json : { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const active = async (stack: Stack) =>
  ((await call(stack, 'GET', '/api/blocks')).body['items'] as VersionBlock[]) ?? [];

describe('/api/blocks', () => {
  it('answers 401 without the admin credentials, on reads and writes', async () => {
    for (const [method, path] of [
      ['GET', '/api/blocks'],
      ['POST', '/api/blocks'],
      ['DELETE', '/api/blocks/1'],
      ['DELETE', '/api/blocks?app=exampleApp&tag=1.0.0'],
    ] as const) {
      const res = await fetch(`${writable.url}${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });

  it('refuses writes without ADMIN_ALLOW_WRITE (403, with the reason) and still lists', async () => {
    const placed = await call(readOnly, 'POST', '/api/blocks', {
      app: 'exampleApp',
      tag: '1.0.0',
      reason: 'x',
    });
    expect(placed).toEqual({
      status: 403,
      body: { error: 'blocks are read-only here: set ADMIN_ALLOW_WRITE=true to place or lift them' },
    });
    expect((await call(readOnly, 'DELETE', '/api/blocks/1')).status).toBe(403);
    expect((await call(readOnly, 'DELETE', '/api/blocks?app=exampleApp&tag=1.0.0')).status).toBe(403);
    expect(await active(readOnly)).toEqual([]);
    expect(await readOnly.redis.keys(`${readOnly.prefix}:block*`)).toEqual([]);
  });

  it('answers 400 naming every bad field, and changes nothing', async () => {
    const bad = [
      [{ app: '../etc', tag: '1.0.0', reason: 'x' }, "app '../etc'"],
      [{ app: 'exampleApp', tag: 'not a tag!', reason: 'x' }, "tag 'not a tag!'"],
      [{ app: 'exampleApp', sha: 'abc123', reason: 'x' }, "sha 'abc123' is not a full commit sha"],
      [{ app: 'exampleApp', reason: 'x' }, 'give exactly one of tag'],
      [{ app: 'exampleApp', tag: '1.0.0', sha: SHA, reason: 'x' }, 'give exactly one of tag'],
      [{ app: 'exampleApp', tag: '1.0.0', reason: '  ' }, 'reason must say why'],
      [
        { app: 'exampleApp', tag: '1.0.0', reason: 'x', target: 'dev' },
        "target 'dev' is not a promotion target",
      ],
      [{ app: 42, tag: '1.0.0', reason: 'x' }, 'app:'],
      [[], 'body:'],
    ] as const;
    for (const [body, detail] of bad) {
      const res = await call(writable, 'POST', '/api/blocks', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.body['details'] as string[]).join('\n')).toContain(detail);
    }
    const broken = await fetch(`${writable.url}/api/blocks`, {
      method: 'POST',
      headers: json,
      body: '{"app":',
    });
    expect(broken.status).toBe(400);
    expect((await call(writable, 'DELETE', '/api/blocks/not-an-id')).status).toBe(400);
    expect((await call(writable, 'DELETE', '/api/blocks?app=exampleApp')).status).toBe(400);
    expect(await active(writable)).toEqual([]);
    expect(await writable.redis.keys(`${writable.prefix}:block*`)).toEqual([]);
  });

  it('places, lists, lifts by id and by version, and keeps the audit', async () => {
    const placed = await call(writable, 'POST', '/api/blocks', {
      app: 'exampleApp',
      tag: '1.0.43-rc1-abc1234',
      reason: 'CVE-2026-1',
      by: 'alice',
    });
    expect(placed.status).toBe(201);
    const block = (placed.body as { block: VersionBlock }).block;
    expect(block).toMatchObject({
      app: 'exampleApp',
      match: { kind: 'tag', tag: '1.0.43-rc1-abc1234' },
      target: null,
      reason: 'CVE-2026-1',
      by: 'alice',
      liftedAt: null,
    });
    // The same version again: the active block, unchanged.
    const again = await call(writable, 'POST', '/api/blocks', {
      app: 'exampleApp',
      tag: '1.0.43-rc1-abc1234',
      reason: 'other',
    });
    expect(again).toMatchObject({
      status: 200,
      body: { created: false, block: { id: block.id, reason: 'CVE-2026-1' } },
    });
    const bySha = await call(writable, 'POST', '/api/blocks', {
      app: 'postgres',
      sha: SHA,
      reason: 'r',
      target: 'prod',
    });
    expect(bySha.status).toBe(201);
    const shaBlock = (bySha.body as { block: VersionBlock }).block;
    expect(shaBlock.by).toBe('admin'); // the admin user when the request names nobody
    expect((await active(writable)).map((b) => b.id)).toEqual([shaBlock.id, block.id]);

    const lifted = await call(writable, 'DELETE', `/api/blocks/${block.id}?by=bob`);
    expect(lifted).toMatchObject({ status: 200, body: { lifted: [{ id: block.id, liftedBy: 'bob' }] } });
    expect((await call(writable, 'DELETE', `/api/blocks/${block.id}`)).status).toBe(409);
    expect((await call(writable, 'DELETE', '/api/blocks/99999')).status).toBe(404);
    const byVersion = await call(writable, 'DELETE', `/api/blocks?app=postgres&sha=${SHA}&target=prod`);
    expect(byVersion).toMatchObject({
      status: 200,
      body: { lifted: [{ id: shaBlock.id, liftedBy: 'admin' }] },
    });
    expect((await call(writable, 'DELETE', `/api/blocks?app=postgres&sha=${SHA}`)).status).toBe(404);

    expect(await active(writable)).toEqual([]);
    const audit = (await call(writable, 'GET', '/api/blocks?all=true')).body['items'] as VersionBlock[];
    expect(audit.map((b) => [b.id, b.by, b.liftedBy])).toEqual([
      [shaBlock.id, 'admin', 'admin'],
      [block.id, 'alice', 'bob'],
    ]);
    expect((await call(writable, 'GET', '/api/blocks?all=maybe')).status).toBe(400);
  });
});
