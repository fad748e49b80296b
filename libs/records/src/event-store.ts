import { redisKeys, type RedisKeys, type RedisClient } from '@auto-promote/redis';
import type { EventRecord } from './event-record';

/** Outcomes of push events, kept for the retention period (the "recorded reason" of a skip). */
export class EventStore {
  private readonly keys: RedisKeys;
  private readonly retentionSeconds: number;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    options: { retentionDays?: number } = {},
  ) {
    this.keys = redisKeys(prefix);
    this.retentionSeconds = (options.retentionDays ?? 30) * 86_400;
  }

  async put(record: EventRecord): Promise<void> {
    const now = Date.now();
    await this.redis
      .multi()
      .set(this.keys.event(record.eventId), JSON.stringify(record), 'EX', this.retentionSeconds)
      .zadd(this.keys.eventsIndex, now, record.eventId)
      .zremrangebyscore(this.keys.eventsIndex, '-inf', `(${now - this.retentionSeconds * 1000}`)
      .exec();
  }

  async get(eventId: string): Promise<EventRecord | null> {
    const raw = await this.redis.get(this.keys.event(eventId));
    return raw ? (JSON.parse(raw) as EventRecord) : null;
  }

  /** Newest first. */
  async recent(limit = 50): Promise<EventRecord[]> {
    const ids = await this.redis.zrevrange(this.keys.eventsIndex, 0, Math.max(0, limit - 1));
    if (ids.length === 0) return [];
    const values = await this.redis.mget(ids.map((id) => this.keys.event(id)));
    return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as EventRecord);
  }
}
