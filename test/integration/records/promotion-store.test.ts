import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { PromotionStore, type NewPromotion } from '@auto-promote/records';
import { redisKeys } from '@auto-promote/redis';
import { deletePrefix, testRedis, uniquePrefix } from '../../support/redis';

const redis = testRedis();
const prefix = uniquePrefix('records');
let store: PromotionStore;

const promotion = (app: string, n: number, targetEnv = 'stage'): NewPromotion => ({
  id: `${app}~dev~${targetEnv}~${String(n).padStart(40, '0')}`,
  app,
  appName: app,
  sourceEnv: targetEnv === 'stage' ? 'dev' : 'stage',
  targetEnv,
  sha: String(n).padStart(40, '0'),
  imageTag: `1.0.${n}`,
  eventId: `ev-${n}`,
  source: 'webhook',
});

beforeEach(async () => {
  await deletePrefix(redis, prefix);
  store = new PromotionStore(redis, prefix);
});

afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('PromotionStore', () => {
  it('creates a record once; a second create returns the stored one unchanged', async () => {
    const first = await store.create(promotion('app', 1));
    expect(first.created).toBe(true);
    expect(first.record).toMatchObject({
      status: 'planned',
      attempts: 0,
      lastError: null,
      supersededBy: null,
    });
    expect(first.record.jenkins).toEqual({
      queueUrl: null,
      queueId: null,
      buildNumber: null,
      buildUrl: null,
      result: null,
    });
    const again = await store.create({ ...promotion('app', 1), imageTag: 'other' });
    expect(again.created).toBe(false);
    expect(again.record.imageTag).toBe('1.0.1');
  });

  it('keeps every change in the history, with the reason, in the order it happened', async () => {
    const { record } = await store.create(promotion('app', 1));
    const newer = await store.create(promotion('app', 2));
    await store.apply(record, {
      kind: 'hold',
      frozen: { reason: 'release week', until: null, since: record.createdAt },
    });
    await store.apply(record, { kind: 'release', at: record.createdAt });
    // Refused (not from `planned`): nothing is written to the history.
    await store.apply(record, { kind: 'build-started', buildNumber: 1, buildUrl: null });
    await store.apply(record, { kind: 'supersede', by: newer.record.id, reason: 'a newer commit' });
    const history = await store.history(record.id);
    expect(history.map((e) => [e.event, e.from, e.to])).toEqual([
      ['recorded', null, 'planned'],
      ['hold', 'planned', 'planned'],
      ['release', 'planned', 'planned'],
      ['supersede', 'planned', 'superseded'],
    ]);
    expect(history[1]?.note).toBe('held: release week');
    expect(history[3]?.note).toBe('a newer commit');
    // A second create of the same id leaves the history as it is.
    await store.create(promotion('app', 1));
    expect(await store.history(record.id)).toHaveLength(4);
    expect(await store.history('no-such-id')).toEqual([]);
  });

  it('records a "latest" guard that supersedes instead as a supersede, with its reason', async () => {
    const { record } = await store.create(promotion('app', 1));
    await redis.set(
      redisKeys(prefix).latestPromotion('stage', 'app'),
      JSON.stringify({ id: 'newer', sha: 'x', pushOrder: 2 }),
    );
    const result = await store.apply(record, { kind: 'intend', at: record.createdAt });
    expect(result.kind).toBe('superseded');
    const last = (await store.history(record.id)).at(-1);
    expect(last).toMatchObject({ event: 'supersede', from: 'planned', to: 'superseded' });
    expect(last?.note).toMatch(/superseded by a newer commit of app for stage/);
  });

  it('applies lifecycle events atomically, merging jenkins fields and moving the status index', async () => {
    const { record } = await store.create(promotion('app', 1));
    const triggered = await store.apply(record, { kind: 'triggered', queueId: 7, queueUrl: 'q/7/' });
    expect(triggered).toMatchObject({ kind: 'applied', from: 'planned' });
    const building = await store.apply(record, { kind: 'build-started', buildNumber: 3, buildUrl: null });
    expect(building.kind === 'applied' && building.record.jenkins).toMatchObject({
      queueId: 7,
      queueUrl: 'q/7/',
      buildNumber: 3,
    });
    expect((await store.list({ status: 'planned' })).items).toHaveLength(0);
    expect((await store.list({ status: 'building' })).items.map((r) => r.id)).toEqual([record.id]);
    expect(await store.countByStatus()).toMatchObject({ planned: 0, building: 1 });
  });

  it('refuses an event the lifecycle does not allow from the current status, and reports missing records', async () => {
    const { record } = await store.create(promotion('app', 1));
    await store.apply(record, { kind: 'triggered', queueId: 1, queueUrl: null });
    await store.apply(record, { kind: 'build-finished', result: 'SUCCESS', buildNumber: 1, buildUrl: null });
    const refused = await store.apply(record, { kind: 'triggered', queueId: 2, queueUrl: null });
    expect(refused.kind).toBe('refused');
    expect((await store.get(record.id))?.status).toBe('succeeded');
    expect((await store.apply({ ...record, id: 'nope' }, { kind: 'abandon', reason: 'x' })).kind).toBe(
      'missing',
    );
  });

  it('never supersedes a promotion whose trigger may have reached Jenkins', async () => {
    const { record } = await store.create(promotion('app', 1));
    await store.apply(record, { kind: 'intend', at: new Date().toISOString() });
    const refused = await store.apply(record, { kind: 'supersede', by: 'newer', reason: 'newer commit' });
    expect(refused.kind).toBe('refused');
    expect((await store.get(record.id))?.status).toBe('planned');
  });

  it('supersedes instead of intending when the latest pointer names a newer promotion', async () => {
    const { record } = await store.create(promotion('app', 1));
    await redis.set(
      redisKeys(prefix).latestPromotion('stage', 'app'),
      JSON.stringify({ id: 'newer', sha: 'b', pushOrder: 2 }),
    );
    const result = await store.apply(record, { kind: 'intend', at: new Date().toISOString() });
    expect(result.kind).toBe('superseded');
    expect(await store.get(record.id)).toMatchObject({
      status: 'superseded',
      supersededBy: 'newer',
      triggerIntentAt: null,
    });
    expect((await store.list({ status: 'superseded' })).items.map((r) => r.id)).toEqual([record.id]);
  });

  it('lists newest first with filters and a cursor that neither skips nor repeats', async () => {
    for (let n = 1; n <= 25; n += 1)
      await store.create(promotion(n % 2 ? 'odd' : 'even', n, n % 5 ? 'stage' : 'prod'));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list({ limit: 4, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((r) => r.sha));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(seen[0]).toBe(String(25).padStart(40, '0'));
    const odd = await store.list({ app: 'odd', target: 'prod' });
    expect(odd.items.map((r) => Number(r.sha))).toEqual([25, 15, 5]);
  });

  it('rejects a cursor it did not issue', async () => {
    await expect(store.list({ cursor: 'abc' })).rejects.toThrow('cursor');
  });
});
