import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { BlockStore, PromotionStore, type NewPromotion } from '@auto-promote/records';
import { deletePrefix, testRedis, uniquePrefix } from '../../support/redis';

const redis = testRedis();
const prefix = uniquePrefix('blocks');
let store: BlockStore;
let now = new Date('2026-12-03T10:00:00.000Z');

const SHA = 'b'.repeat(40);
const candidate = { app: 'exampleApp', targetEnv: 'prod', imageTag: '1.0.43', sha: SHA };

beforeEach(async () => {
  await deletePrefix(redis, prefix);
  store = new BlockStore(redis, prefix, { clock: () => now });
});
afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('BlockStore', () => {
  it('finds the active block of a promotion by tag or by sha, for its target or for every target', async () => {
    expect(await store.blocking(candidate)).toBeNull();
    const { block: stageOnly } = await store.place({
      app: 'exampleApp',
      match: { kind: 'tag', tag: '1.0.43' },
      target: 'stage',
      reason: 'stage only',
      by: 'alice',
    });
    expect(await store.blocking(candidate)).toBeNull(); // another target
    expect(await store.blocking({ ...candidate, targetEnv: 'stage' })).toEqual(stageOnly);
    expect(await store.blocking({ ...candidate, app: 'postgres', targetEnv: 'stage' })).toBeNull();
    const { block: bySha } = await store.place({
      app: 'exampleApp',
      match: { kind: 'sha', sha: SHA },
      target: null,
      reason: 'bad commit',
      by: 'bob',
    });
    expect(await store.blocking(candidate)).toEqual(bySha);
    expect(await store.blocking({ ...candidate, imageTag: null })).toEqual(bySha);
    expect(await store.blocking({ ...candidate, sha: 'c'.repeat(40), imageTag: '1.0.44' })).toBeNull();
  });

  it('places a version once: the same version and target again returns the active block, unchanged', async () => {
    const input = {
      app: 'exampleApp',
      match: { kind: 'tag', tag: '1.0.43' } as const,
      target: null,
      by: 'a',
    };
    const first = await store.place({ ...input, reason: 'first' });
    const second = await store.place({ ...input, reason: 'second' });
    expect(first.created).toBe(true);
    expect(second).toEqual({ created: false, block: first.block });
    expect(await store.list()).toEqual([first.block]);
  });

  it('lifts with an audit, publishes every change, and frees the version', async () => {
    const sub = redis.duplicate();
    const messages: string[] = [];
    await sub.subscribe(`${prefix}:changes`);
    sub.on('message', (_channel: string, message: string) => messages.push(message));
    const { block } = await store.place({
      app: 'exampleApp',
      match: { kind: 'tag', tag: '1.0.43' },
      target: null,
      reason: 'CVE',
      by: 'alice',
    });
    now = new Date('2026-12-03T11:00:00.000Z');
    const lifted = await store.lift(block.id, 'bob');
    expect(lifted).toEqual({
      kind: 'lifted',
      block: { ...block, liftedAt: '2026-12-03T11:00:00.000Z', liftedBy: 'bob' },
    });
    expect(await store.lift(block.id, 'carol')).toMatchObject({
      kind: 'already-lifted',
      block: { liftedBy: 'bob' },
    });
    expect(await store.lift('404', 'carol')).toEqual({ kind: 'missing' });
    expect(await store.blocking(candidate)).toBeNull();
    expect(await store.list()).toEqual([]);
    expect(await store.list({ all: true })).toMatchObject([{ id: block.id, by: 'alice', liftedBy: 'bob' }]);
    // A new block of the same version is a new block.
    const again = await store.place({ ...block, reason: 'again' });
    expect(again.created).toBe(true);
    expect(again.block.id).not.toBe(block.id);
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 40 && messages.length < 3; i += 1) await new Promise((r) => setTimeout(r, 25));
    expect(messages).toEqual([`block:${block.id}`, `block:${block.id}`, `block:${again.block.id}`]);
    sub.disconnect();
  });

  it('leaves a version blocked by its other blocks when one is lifted', async () => {
    const base = { app: 'exampleApp', match: { kind: 'tag', tag: '1.0.43' } as const, by: 'a', reason: 'r' };
    const all = await store.place({ ...base, target: null });
    const prod = await store.place({ ...base, target: 'prod' });
    expect((await store.activeOf('exampleApp', base.match)).map((b) => b.id)).toEqual([
      all.block.id,
      prod.block.id,
    ]);
    expect((await store.activeOf('exampleApp', base.match, 'prod')).map((b) => b.id)).toEqual([
      prod.block.id,
    ]);
    await store.lift(prod.block.id, 'b');
    expect((await store.blocking(candidate))?.id).toBe(all.block.id);
  });
});

describe('the lifecycle events of blocks, in Redis', () => {
  const promotion: NewPromotion = {
    id: `exampleApp~stage~prod~${SHA}`,
    app: 'exampleApp',
    appName: 'exampleApp',
    sourceEnv: 'stage',
    targetEnv: 'prod',
    sha: SHA,
    imageTag: '1.0.43',
    eventId: 'ev-1',
    source: 'webhook',
  };
  const mark = { id: '1', by: 'alice', reason: 'CVE' };

  it('skips a planned promotion (block) and plans it again (unblock); never one with an intent, or another skip', async () => {
    const promotions = new PromotionStore(redis, prefix);
    await promotions.create(promotion);
    const blocked = await promotions.apply(promotion, { kind: 'block', block: mark, reason: 'blocked: CVE' });
    expect(blocked).toMatchObject({ kind: 'applied', record: { status: 'skipped', blockedBy: mark } });
    expect((await promotions.list({ status: 'skipped' })).items.map((r) => r.id)).toEqual([promotion.id]);
    const at = '2026-12-03T12:00:00.000Z';
    const again = await promotions.apply(promotion, { kind: 'unblock', at });
    expect(again).toMatchObject({
      kind: 'applied',
      record: { status: 'planned', blockedBy: null, reason: null, retryHorizonFrom: at },
    });
    await promotions.apply(promotion, { kind: 'intend', at });
    expect(await promotions.apply(promotion, { kind: 'block', block: mark, reason: 'x' })).toMatchObject({
      kind: 'refused',
    });

    const other = { ...promotion, id: 'other', status: 'skipped' as const, reason: 'unchanged since x' };
    await promotions.create(other);
    expect(await promotions.apply(other, { kind: 'unblock', at })).toMatchObject({ kind: 'refused' });
  });
});
