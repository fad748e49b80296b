import { describe, expect, it, vi } from 'vitest';
import type { VersionBlock } from '@auto-promote/domain';
import { liftBlock, listBlocks, placeBlock, type BlockApiDeps } from '@auto-promote/ingress';

const block: VersionBlock = {
  id: '1',
  app: 'exampleApp',
  match: { kind: 'tag', tag: '1.0.43' },
  target: null,
  reason: 'CVE',
  by: 'admin',
  createdAt: '2026-12-03T10:00:00.000Z',
  liftedAt: null,
  liftedBy: null,
};

function deps(allowWrite = true) {
  const blocks = {
    place: vi.fn(() => Promise.resolve({ block, created: true })),
    lift: vi.fn(() => Promise.resolve({ kind: 'lifted' as const, block })),
    get: vi.fn(() => Promise.resolve(block)),
    activeOf: vi.fn(() => Promise.resolve([block])),
    list: vi.fn(() => Promise.resolve([block])),
  };
  const d: BlockApiDeps = { blocks, targets: ['stage', 'prod'], allowWrite, defaultBy: 'admin' };
  return { d, blocks };
}

describe('block handlers', () => {
  it('refuse every write without ADMIN_ALLOW_WRITE, before reading the input', async () => {
    const { d, blocks } = deps(false);
    expect((await placeBlock({ app: 'exampleApp', tag: '1.0.43', reason: 'x' }, d)).status).toBe(403);
    expect((await liftBlock('1', {}, d)).status).toBe(403);
    expect((await liftBlock(null, { app: 'exampleApp', tag: '1.0.43' }, d)).status).toBe(403);
    expect(blocks.place).not.toHaveBeenCalled();
    expect(blocks.lift).not.toHaveBeenCalled();
    expect((await listBlocks({}, d)).status).toBe(200);
  });

  it('answer 400 with the details and touch nothing on bad input', async () => {
    const { d, blocks } = deps();
    const result = await placeBlock({ app: 'example App', tag: '1.0.43', sha: 'x', reason: 5 }, d);
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({
      error: 'invalid block',
      details: ['reason: Invalid input: expected string, received number'],
    });
    const semantic = await placeBlock({ app: 'example App', sha: 'abc', reason: 'x' }, d);
    expect(semantic.body).toMatchObject({
      details: [
        "app 'example App' contains characters other than A-Z a-z 0-9 . _ -",
        "sha 'abc' is not a full commit sha (40 or 64 lowercase hex)",
      ],
    });
    expect((await liftBlock('1; DROP', {}, d)).status).toBe(400);
    expect((await liftBlock(null, { app: 'exampleApp' }, d)).status).toBe(400);
    expect((await listBlocks({ all: 'yes' }, d)).status).toBe(400);
    expect(blocks.place).not.toHaveBeenCalled();
    expect(blocks.lift).not.toHaveBeenCalled();
  });

  it('place as the admin user unless told who, trimming the reason', async () => {
    const { d, blocks } = deps();
    expect((await placeBlock({ app: 'exampleApp', tag: '1.0.43', reason: ' CVE ' }, d)).status).toBe(201);
    expect(blocks.place).toHaveBeenCalledWith({
      app: 'exampleApp',
      match: { kind: 'tag', tag: '1.0.43' },
      target: null,
      reason: 'CVE',
      by: 'admin',
    });
  });
});
