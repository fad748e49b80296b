import type { LeadTimeSample, PromotionRecord } from '@auto-promote/domain';
import { redisKeys, type RedisClient } from '@auto-promote/redis';
import type { ChangeChains } from './change-chains';

const BATCH = 500;

/**
 * The lead time of every merge request merged since `since`, from the records: the promotions index is
 * scanned from `since` (a merge request is merged after its promotion was created, so older records cannot
 * hold one merged in the window), each merged one measured from its change's dev push.
 */
export async function leadTimeSamples(
  redis: RedisClient,
  prefix: string,
  chains: ChangeChains,
  since: Date,
  filter: { app?: string } = {},
): Promise<LeadTimeSample[]> {
  const keys = redisKeys(prefix);
  const index = filter.app ? keys.promotionsByApp(filter.app) : keys.promotionsIndex;
  const samples: LeadTimeSample[] = [];
  // Index scores are createdAt ms * 1000 + a sequence (promotion-create.lua).
  let min = String(since.getTime() * 1000);
  for (;;) {
    const raw = await redis.zrangebyscore(index, min, '+inf', 'WITHSCORES', 'LIMIT', 0, BATCH);
    if (raw.length === 0) break;
    const ids = raw.filter((_, i) => i % 2 === 0);
    min = `(${raw[raw.length - 1] as string}`;
    const values = await redis.mget(ids.map((id) => keys.promotion(id)));
    for (const value of values) {
      if (!value) continue;
      const record = JSON.parse(value) as PromotionRecord;
      const mergedAt = record.mergeRequest?.mergedAt ?? null;
      if (record.mergeRequest?.state !== 'merged' || mergedAt === null) continue;
      if (Date.parse(mergedAt) < since.getTime()) continue;
      const sample = await chains.leadTimeOf(record);
      if (sample) samples.push(sample);
    }
    if (ids.length < BATCH) break;
  }
  return samples;
}
