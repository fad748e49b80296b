import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  parsePromotionMap,
  promotionId,
  type NewPromotion,
  type PromotionRecord,
} from '@auto-promote/domain';
import { ChangeChains, EventStore, PromotionStore } from '@auto-promote/records';
import { redisKeys } from '@auto-promote/redis';
import { deletePrefix, testRedis, uniquePrefix } from '../../support/redis';

const redis = testRedis();
const prefix = uniquePrefix('change-chains');
const keys = redisKeys(prefix);
let store: PromotionStore;
let chains: ChangeChains;
let at = Date.parse('2026-01-01T00:00:00Z');

const promotion = (app: string, source: string, target: string, n: number, previous: string | null = null) =>
  ({
    id: `${app}~${source}~${target}~${String(n).padStart(40, '0')}`,
    app,
    appName: app,
    sourceEnv: source,
    targetEnv: target,
    sha: String(n).padStart(40, '0'),
    imageTag: '1.0.0',
    eventId: `ev-${n}`,
    source: 'webhook',
    status: 'succeeded',
    previous,
  }) satisfies NewPromotion;

async function create(input: NewPromotion): Promise<PromotionRecord> {
  const { record } = await store.create(input);
  await chains.index(record, true);
  return record;
}

beforeEach(async () => {
  await deletePrefix(redis, prefix);
  store = new PromotionStore(redis, prefix, { clock: () => new Date((at += 1000)) });
  chains = new ChangeChains(redis, prefix, store, new EventStore(redis, prefix));
});

afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('ChangeChains', () => {
  it('walks a change back and forward from any of its promotions', async () => {
    const stage = await create(promotion('web', 'dev', 'stage', 1));
    const prod = await create(promotion('web', 'stage', 'prod', 2, stage.id));
    for (const id of [stage.id, prod.id])
      expect((await chains.chainOf(id))?.map((p) => p.id)).toEqual([stage.id, prod.id]);
    expect(await chains.chainOf('unknown')).toBeNull();
  });

  it('follows the promotion that got furthest when two carried the change on', async () => {
    const stage = await create(promotion('web', 'dev', 'stage', 1));
    const failed = await create({ ...promotion('web', 'stage', 'prod', 2, stage.id), status: 'failed' });
    const ok = await create(promotion('web', 'stage', 'prod', 3, stage.id));
    await create({ ...promotion('web', 'stage', 'prod', 4, stage.id), status: 'planned' });
    expect((await chains.chainOf(stage.id))?.map((p) => p.id)).toEqual([stage.id, ok.id]);
    expect((await chains.chainOf(failed.id))?.map((p) => p.id)).toEqual([stage.id, failed.id]);
  });

  it('stops at a loop a corrupt record would make', async () => {
    const a = promotion('web', 'dev', 'stage', 1, `web~stage~prod~${String(2).padStart(40, '0')}`);
    const b = promotion('web', 'stage', 'prod', 2, a.id);
    await create(a);
    await create(b);
    expect((await chains.chainOf(a.id))?.map((p) => p.id)).toEqual([b.id, a.id]);
  });

  it('indexes a merge request by target and iid, and its merge commit once merged, with the retention', async () => {
    const stage = await create(promotion('web', 'dev', 'stage', 1));
    const mr = {
      iid: 7,
      url: null,
      state: 'opened' as const,
      sourceBranch: 'promote-stage-1',
      openedAt: '2026-01-01T00:00:00Z',
      mergedAt: null,
      mergeCommitSha: null,
      reason: null,
    };
    expect(await chains.index({ ...stage, mergeRequest: mr }, false)).toEqual({ firstMerged: false });
    expect(await chains.previousByMergeRequests('web', 'stage', [6, 7])).toBe(stage.id);
    expect(await chains.previousByMergeRequests('api', 'stage', [7])).toBeNull();

    const merged = {
      ...mr,
      state: 'merged' as const,
      mergedAt: '2026-01-01T01:00:00Z',
      mergeCommitSha: 'C'.repeat(40),
    };
    expect(await chains.index({ ...stage, mergeRequest: merged }, false)).toEqual({ firstMerged: true });
    expect(await chains.index({ ...stage, mergeRequest: merged }, false)).toEqual({ firstMerged: false });
    expect(await chains.previousByMergeCommit('web', 'stage', ['c'.repeat(40)])).toBe(stage.id);
    expect(await redis.ttl(keys.mergeCommit('c'.repeat(40)))).toBeGreaterThan(29 * 86_400);
  });

  it('links a next promotion planned before the merge was recorded, once and through the lifecycle', async () => {
    const linking = new ChangeChains(redis, prefix, store, new EventStore(redis, prefix), {
      map: parsePromotionMap('dev=stage,stage=prod'),
    });
    const stage = await create(promotion('web', 'dev', 'stage', 1));
    const mergeCommit = 'd'.repeat(40);
    // The prod promotion at the merge commit, planned before the stage merge request was recorded merged.
    const { record: prod } = await store.create({
      ...promotion('web', 'stage', 'prod', 2),
      id: promotionId({ app: 'web', sourceEnv: 'stage', targetEnv: 'prod', sha: mergeCommit }),
      sha: mergeCommit,
      status: 'planned',
    });
    expect(prod.previous).toBeNull();
    const merged = {
      iid: 8,
      url: null,
      state: 'merged' as const,
      sourceBranch: 'promote-stage-1',
      openedAt: '2026-01-01T00:00:00Z',
      mergedAt: '2026-01-01T01:00:00Z',
      mergeCommitSha: mergeCommit.toUpperCase(),
      reason: null,
    };
    await linking.index({ ...stage, mergeRequest: merged }, false);
    const linked = await store.require(prod.id);
    expect(linked).toMatchObject({ previous: stage.id, status: 'planned' });
    expect((await linking.chainOf(prod.id))?.map((p) => p.id)).toEqual([stage.id, prod.id]);
    expect((await store.history(prod.id)).map((h) => [h.event, h.from, h.to])).toEqual([
      ['recorded', null, 'planned'],
      ['link', 'planned', 'planned'],
    ]);
    // A link is never changed.
    const other = await create(promotion('web', 'dev', 'stage', 3));
    await linking.index({ ...other, mergeRequest: { ...merged, iid: 9 } }, false);
    expect((await store.require(prod.id)).previous).toBe(stage.id);
  });

  it('writes nothing for a promotion with neither a merge request nor a previous', async () => {
    await create(promotion('web', 'dev', 'stage', 1));
    expect(await redis.keys(`${prefix}:change:*`)).toEqual([]);
  });
});
