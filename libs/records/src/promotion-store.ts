import {
  HISTORY_LIMIT,
  PROMOTION_STATUSES,
  describeEvent,
  newPromotionRecord,
  transitionFor,
  type NewPromotion,
  type PromotionEvent,
  type PromotionHistoryEntry,
  type PromotionRecord,
  type PromotionStatus,
} from '@auto-promote/domain';
import { SCRIPTS, redisKeys, type RedisKeys, type RedisClient } from '@auto-promote/redis';
import { InvalidCursorError } from './errors/invalid-cursor-error';
import { RecordNotFoundError } from './errors/record-not-found-error';

export interface PromotionQuery {
  app?: string;
  target?: string;
  status?: PromotionStatus;
  limit?: number;
  cursor?: string;
}

export interface PromotionPage {
  items: PromotionRecord[];
  nextCursor: string | null;
}

/** Which promotion a transition is for: the app and target name its "latest" pointer. */
export type PromotionRef = Pick<PromotionRecord, 'id' | 'app' | 'targetEnv'>;

/**
 * What became of a transition: applied; refused because the record's status or guard forbade it (the
 * record as it is); superseded instead, because the 'latest' guard found a newer promotion; or no record.
 */
export type ApplyResult =
  | { kind: 'applied'; record: PromotionRecord; from: PromotionStatus }
  | { kind: 'superseded'; record: PromotionRecord; from: PromotionStatus }
  | { kind: 'refused'; record: PromotionRecord }
  | { kind: 'missing' };

export interface PromotionStoreOptions {
  retentionDays?: number;
  clock?: () => Date;
}

const MAX_LIMIT = 200;
/** Bounds the work of one filtered page; a sparse filter returns a cursor to continue from. */
const MAX_SCANNED_PER_PAGE = 5_000;
const FROZEN_SCAN_BATCH = 500;

/** Promotion records in Redis: the audit trail and the API's data, indexed newest first. */
export class PromotionStore {
  private readonly keys: RedisKeys;
  private readonly retentionMs: number;
  private readonly clock: () => Date;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    options: PromotionStoreOptions = {},
  ) {
    this.keys = redisKeys(prefix);
    this.retentionMs = (options.retentionDays ?? 30) * 86_400_000;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Creates the record; if one with this id exists it is returned unchanged with `created: false`. */
  async create(input: NewPromotion): Promise<{ record: PromotionRecord; created: boolean }> {
    const now = this.clock();
    const record = newPromotionRecord(input, now);
    const existing = await SCRIPTS.promotionCreate.run(
      this.redis,
      [
        this.keys.promotion(record.id),
        this.keys.promotionsSequence,
        this.keys.promotionHistory(record.id),
        this.keys.promotionsIndex,
        this.keys.promotionsByApp(record.app),
        this.keys.promotionsByStatus(record.status),
      ],
      [
        JSON.stringify(record),
        record.id,
        now.getTime(),
        Math.ceil(this.retentionMs / 1000),
        now.getTime() - this.retentionMs,
        this.keys.changesChannel,
        JSON.stringify(firstEntry(record)),
      ],
    );
    if (typeof existing === 'string')
      return { record: JSON.parse(existing) as PromotionRecord, created: false };
    return { record, created: true };
  }

  async get(id: string): Promise<PromotionRecord | null> {
    const raw = await this.redis.get(this.keys.promotion(id));
    return raw ? (JSON.parse(raw) as PromotionRecord) : null;
  }

  async require(id: string): Promise<PromotionRecord> {
    const record = await this.get(id);
    if (!record) throw new RecordNotFoundError(id);
    return record;
  }

  /**
   * Applies one lifecycle event atomically in Redis: the lifecycle table (libs/domain) says from which
   * statuses and under which guard it may happen and what it writes; the script checks and writes in one
   * step. Use `PromotionLifecycle.apply`, which also counts the transition and schedules GitLab feedback.
   */
  async apply(ref: PromotionRef, event: PromotionEvent): Promise<ApplyResult> {
    const { id, app, targetEnv } = ref;
    const rule = transitionFor(event);
    const now = this.clock();
    const result = (await SCRIPTS.promotionApply.run(
      this.redis,
      [
        this.keys.promotion(id),
        this.keys.promotionsIndex,
        this.keys.latestPromotion(targetEnv, app),
        this.keys.promotionHistory(id),
      ],
      [
        JSON.stringify(rule.patch),
        now.toISOString(),
        rule.from.join(','),
        rule.guard ?? '',
        this.keys.promotionsByStatus(''),
        id,
        this.keys.changesChannel,
        Math.ceil(this.retentionMs / 1000),
        `superseded by a newer commit of ${app} for ${targetEnv}`,
        now.getTime() - this.retentionMs,
        JSON.stringify({ event: event.kind, note: describeEvent(event) }),
        HISTORY_LIMIT,
      ],
    )) as [number, string, PromotionStatus];
    const [code, json, from] = result;
    if (code === 0) return { kind: 'missing' };
    const applied = JSON.parse(json) as PromotionRecord;
    if (code === 2) return { kind: 'refused', record: applied };
    return { kind: code === 3 ? 'superseded' : 'applied', record: applied, from };
  }

  /** Every change of a promotion, oldest first (empty when it has none or expired). */
  async history(id: string): Promise<PromotionHistoryEntry[]> {
    const raw = await this.redis.lrange(this.keys.promotionHistory(id), 0, -1);
    return raw.map((entry) => JSON.parse(entry) as PromotionHistoryEntry);
  }

  /** Newest first, filtered by app, target and status, paginated with an opaque cursor. */
  async list(query: PromotionQuery = {}): Promise<PromotionPage> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), MAX_LIMIT);
    // Targets are few, so a target filter reads the index of all promotions.
    const index = query.status
      ? this.keys.promotionsByStatus(query.status)
      : query.app
        ? this.keys.promotionsByApp(query.app)
        : this.keys.promotionsIndex;
    const matches = (r: PromotionRecord): boolean =>
      (!query.app || r.app === query.app) &&
      (!query.target || r.targetEnv === query.target) &&
      (!query.status || r.status === query.status);

    if (query.cursor !== undefined && !/^\d{1,17}$/.test(query.cursor)) throw new InvalidCursorError();
    let max = query.cursor ? `(${query.cursor}` : '+inf';
    const items: PromotionRecord[] = [];
    const batch = Math.max(limit * 2, 50);
    for (let scanned = 0; scanned < MAX_SCANNED_PER_PAGE; scanned += batch) {
      const raw = await this.redis.zrevrangebyscore(index, max, '-inf', 'WITHSCORES', 'LIMIT', 0, batch);
      if (raw.length === 0) return { items, nextCursor: null };
      const ids = raw.filter((_, i) => i % 2 === 0);
      const values = await this.redis.mget(ids.map((id) => this.keys.promotion(id)));
      for (let i = 0; i < ids.length; i += 1) {
        const score = raw[i * 2 + 1] as string;
        max = `(${score}`;
        const value = values[i];
        if (!value) continue; // expired record whose index entry is not trimmed yet
        const record = JSON.parse(value) as PromotionRecord;
        if (matches(record)) items.push(record);
        if (items.length === limit) return { items, nextCursor: score };
      }
      if (ids.length < batch) return { items, nextCursor: null };
    }
    return { items, nextCursor: max.slice(1) };
  }

  /** Number of records in each status, for metrics. */
  async countByStatus(): Promise<Record<PromotionStatus, number>> {
    const pipeline = this.redis.pipeline();
    for (const status of PROMOTION_STATUSES) pipeline.zcard(this.keys.promotionsByStatus(status));
    const results = (await pipeline.exec()) ?? [];
    return Object.fromEntries(PROMOTION_STATUSES.map((s, i) => [s, Number(results[i]?.[1] ?? 0)])) as Record<
      PromotionStatus,
      number
    >;
  }

  /**
   * Planned promotions held back by a freeze, per target (for metrics). Reads the planned records only,
   * which stay few: they leave `planned` within seconds unless Jenkins is down or their target is frozen.
   */
  async countFrozen(): Promise<Record<string, number>> {
    const ids = await this.redis.zrange(this.keys.promotionsByStatus('planned'), '0', '-1');
    const counts: Record<string, number> = {};
    for (let i = 0; i < ids.length; i += FROZEN_SCAN_BATCH) {
      const batch = ids.slice(i, i + FROZEN_SCAN_BATCH);
      const values = await this.redis.mget(batch.map((id) => this.keys.promotion(id)));
      for (const value of values) {
        if (!value) continue;
        const record = JSON.parse(value) as PromotionRecord;
        if (record.status === 'planned' && (record.frozen ?? null) !== null)
          counts[record.targetEnv] = (counts[record.targetEnv] ?? 0) + 1;
      }
    }
    return counts;
  }
}

/** The history's first entry: the record as the planner (or an operator) made it. */
function firstEntry(record: PromotionRecord): PromotionHistoryEntry {
  return { at: record.createdAt, event: 'recorded', from: null, to: record.status, note: record.reason };
}
