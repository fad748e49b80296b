import {
  changeWay,
  leadTimeSample,
  promotionId,
  targetFor,
  type PromotionMap,
  type ChangePush,
  type ChangeWay,
  type LeadTimeSample,
  type PromotionRecord,
} from '@auto-promote/domain';
import { redisKeys, type RedisClient, type RedisKeys } from '@auto-promote/redis';
import type { EventStore } from './event-store';
import type { PromotionStore } from './promotion-store';

/** A change of dev → stage → prod is three promotions at most; the bound only stops a corrupt loop. */
const MAX_CHAIN = 16;

/**
 * The chain of a change: which promotion's merge request brought the commit a later promotion promotes
 * (`previous`), kept as Redis indexes — merge commit → promotion, (target, merge request iid) → promotion,
 * promotion → its next ones — so any process can link, walk and measure a change.
 */
export class ChangeChains {
  private readonly keys: RedisKeys;
  private readonly retentionSeconds: number;
  private readonly map: PromotionMap | null;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    private readonly promotions: PromotionStore,
    private readonly events: EventStore,
    options: { retentionDays?: number; map?: PromotionMap } = {},
  ) {
    this.keys = redisKeys(prefix);
    this.retentionSeconds = (options.retentionDays ?? 30) * 86_400;
    this.map = options.map ?? null;
  }

  /**
   * Indexes what `record` says about its change: a new promotion's link to its previous one; its merge
   * request (by target and iid) and, once merged, its merge commit. `firstMerged` is true exactly once per
   * promotion, in the one process that saw its merge request merged first: that process observes the lead
   * time. Idempotent; nothing is written for a record with neither a merge request nor a previous.
   */
  async index(record: PromotionRecord, created: boolean): Promise<{ firstMerged: boolean }> {
    const mr = record.mergeRequest ?? null;
    const linked = created && (record.previous ?? null) !== null;
    if (!linked && (mr === null || mr.iid === null)) return { firstMerged: false };
    const ex = this.retentionSeconds;
    const multi = this.redis.multi();
    if (linked && record.previous) {
      multi.sadd(this.keys.changeNext(record.previous), record.id);
      multi.expire(this.keys.changeNext(record.previous), ex);
    }
    if (mr !== null && mr.iid !== null)
      multi.set(this.keys.mergeRequestPromotion(record.targetEnv, mr.iid), record.id, 'EX', ex);
    if (mr?.state === 'merged' && mr.mergeCommitSha)
      multi.set(this.keys.mergeCommit(mr.mergeCommitSha.toLowerCase()), record.id, 'EX', ex);
    await multi.exec();
    if (mr?.state !== 'merged') return { firstMerged: false };
    if (mr.mergeCommitSha) await this.linkNext(record, mr.mergeCommitSha.toLowerCase());
    const first = await this.redis.set(this.keys.mergedObserved(record.id), '1', 'EX', ex, 'NX');
    return { firstMerged: first === 'OK' };
  }

  /**
   * The merge and the push of its merge commit arrive together, so the next promotion (from this target, at
   * the merge commit) may have been planned before this merge request was recorded merged and found no link.
   * It is linked now, through the lifecycle (`link`: only while it has none).
   */
  private async linkNext(record: PromotionRecord, mergeCommitSha: string): Promise<void> {
    const nextTarget = this.map ? targetFor(this.map, record.targetEnv) : null;
    if (nextTarget === null) return;
    const sourceEnv = record.targetEnv;
    const id = promotionId({ app: record.app, sourceEnv, targetEnv: nextTarget, sha: mergeCommitSha });
    const result = await this.promotions.apply(
      { id, app: record.app, targetEnv: nextTarget },
      { kind: 'link', previous: record.id },
    );
    if (result.kind !== 'applied') return;
    await this.redis
      .multi()
      .sadd(this.keys.changeNext(record.id), id)
      .expire(this.keys.changeNext(record.id), this.retentionSeconds)
      .exec();
  }

  /** The promotion of `app` into `sourceEnv` whose merge request was merged as one of `shas`, if indexed. */
  async previousByMergeCommit(
    app: string,
    sourceEnv: string,
    shas: readonly string[],
  ): Promise<string | null> {
    if (shas.length === 0) return null;
    const ids = await this.redis.mget(shas.map((sha) => this.keys.mergeCommit(sha.toLowerCase())));
    return this.matching(ids, app, sourceEnv);
  }

  /** The promotion of `app` into `sourceEnv` whose build opened one of these merge requests, if indexed. */
  async previousByMergeRequests(
    app: string,
    sourceEnv: string,
    iids: readonly number[],
  ): Promise<string | null> {
    if (iids.length === 0) return null;
    const ids = await this.redis.mget(iids.map((iid) => this.keys.mergeRequestPromotion(sourceEnv, iid)));
    return this.matching(ids, app, sourceEnv);
  }

  private async matching(ids: Array<string | null>, app: string, sourceEnv: string): Promise<string | null> {
    for (const id of ids) {
      if (id === null) continue;
      const record = await this.promotions.get(id);
      if (record && record.app === app && record.targetEnv === sourceEnv) return record.id;
    }
    return null;
  }

  /** The promotions whose `previous` is `id`. */
  nextOf(id: string): Promise<string[]> {
    return this.redis.smembers(this.keys.changeNext(id));
  }

  /** The promotions of the change `id` belongs to, oldest first; null when `id` is unknown. */
  async chainOf(id: string): Promise<PromotionRecord[] | null> {
    const start = await this.promotions.get(id);
    if (!start) return null;
    const chain = [start];
    for (let p = start; p.previous && chain.length < MAX_CHAIN;) {
      const before = await this.promotions.get(p.previous);
      if (!before || chain.some((c) => c.id === before.id)) break;
      chain.unshift(before);
      p = before;
    }
    for (let p = start; chain.length < MAX_CHAIN;) {
      const next = await this.pickNext(await this.nextOf(p.id));
      if (!next || chain.some((c) => c.id === next.id)) break;
      chain.push(next);
      p = next;
    }
    return chain;
  }

  /** Of several promotions carrying one change on, the one that got furthest: succeeded, else the newest. */
  private async pickNext(ids: string[]): Promise<PromotionRecord | null> {
    const records = (await Promise.all(ids.map((n) => this.promotions.get(n)))).filter(
      (r): r is PromotionRecord => r !== null,
    );
    records.sort(
      (a, b) =>
        Number(b.status === 'succeeded') - Number(a.status === 'succeeded') ||
        b.createdAt.localeCompare(a.createdAt),
    );
    return records[0] ?? null;
  }

  /** The push that caused a promotion (its event record), as a change's start. */
  async pushOf(record: PromotionRecord): Promise<ChangePush | null> {
    const event = await this.events.get(record.eventId);
    return event
      ? { eventId: event.eventId, branch: event.branch, after: event.after, receivedAt: event.receivedAt }
      : null;
  }

  /** One change's way (dev push → … → merged into prod); `id` may be any promotion of it. */
  async wayOf(id: string): Promise<ChangeWay | null> {
    const chain = await this.chainOf(id);
    if (!chain || chain.length === 0) return null;
    return changeWay(chain, await this.pushOf(chain[0] as PromotionRecord));
  }

  /** The lead time of `record`'s merged merge request, from its change's dev push; null if not merged. */
  async leadTimeOf(record: PromotionRecord): Promise<LeadTimeSample | null> {
    if (record.mergeRequest?.state !== 'merged') return null;
    let first = record;
    for (let hops = 0; first.previous && hops < MAX_CHAIN; hops += 1) {
      const before = await this.promotions.get(first.previous);
      if (!before) break;
      first = before;
    }
    return leadTimeSample(await this.pushOf(first), record);
  }
}
