import { redisKeys, type RedisKeys, type RedisClient } from '@auto-promote/redis';

/** An operator's freeze of a target branch: promotions into it wait until it ends. */
export interface Freeze {
  target: string;
  reason: string;
  /** When it ends by itself (ISO time); null = until `unfreeze`. */
  until: string | null;
  frozenAt: string;
  /** Who froze it, as the CLI knew them (the OS user); null when unknown. */
  by: string | null;
}

export interface FreezeStoreOptions {
  clock?: () => Date;
}

/**
 * Freezes in Redis, one key per target with the freeze's own expiry, plus a set of frozen targets for
 * listing. A freeze is read on every dispatch into its target, so it takes effect within one dispatch.
 * Setting or lifting one publishes `freeze:<target>` on the changes channel (the board listens).
 */
export class FreezeStore {
  private readonly keys: RedisKeys;
  private readonly clock: () => Date;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    options: FreezeStoreOptions = {},
  ) {
    this.keys = redisKeys(prefix);
    this.clock = options.clock ?? (() => new Date());
  }

  /** Freezes (or re-freezes, replacing reason and expiry) a target. */
  async freeze(input: Omit<Freeze, 'frozenAt'> & { frozenAt?: string }): Promise<Freeze> {
    const now = this.clock();
    const freeze: Freeze = { ...input, frozenAt: input.frozenAt ?? now.toISOString() };
    const key = this.keys.freeze(freeze.target);
    const multi = this.redis.multi();
    if (freeze.until === null) multi.set(key, JSON.stringify(freeze));
    else {
      const ms = Date.parse(freeze.until) - now.getTime();
      if (!(ms > 0)) throw new RangeError(`a freeze must end in the future (until ${freeze.until})`);
      multi.set(key, JSON.stringify(freeze), 'PX', ms);
    }
    multi.sadd(this.keys.freezesIndex, freeze.target);
    multi.publish(this.keys.changesChannel, `freeze:${freeze.target}`);
    await multi.exec();
    return freeze;
  }

  /** Lifts a freeze; the freeze that was lifted, or null when the target was not frozen. */
  async unfreeze(target: string): Promise<Freeze | null> {
    const results = await this.redis
      .multi()
      .get(this.keys.freeze(target))
      .del(this.keys.freeze(target))
      .srem(this.keys.freezesIndex, target)
      .publish(this.keys.changesChannel, `freeze:${target}`)
      .exec();
    const raw = results?.[0]?.[1];
    return typeof raw === 'string' ? this.live(JSON.parse(raw) as Freeze) : null;
  }

  /** The freeze of a target, or null. An expired freeze is never returned, even before Redis drops it. */
  async get(target: string): Promise<Freeze | null> {
    const raw = await this.redis.get(this.keys.freeze(target));
    return raw ? this.live(JSON.parse(raw) as Freeze) : null;
  }

  /** Every current freeze, by target name. */
  async list(): Promise<Freeze[]> {
    const targets = (await this.redis.smembers(this.keys.freezesIndex)).sort();
    if (targets.length === 0) return [];
    const values = await this.redis.mget(targets.map((t) => this.keys.freeze(t)));
    const freezes: Freeze[] = [];
    const gone: string[] = [];
    targets.forEach((target, i) => {
      const raw = values[i];
      const freeze = raw ? this.live(JSON.parse(raw) as Freeze) : null;
      if (freeze) freezes.push(freeze);
      else if (!raw) gone.push(target);
    });
    if (gone.length > 0) await this.redis.srem(this.keys.freezesIndex, ...gone);
    return freezes;
  }

  private live(freeze: Freeze): Freeze | null {
    if (freeze.until !== null && Date.parse(freeze.until) <= this.clock().getTime()) return null;
    return freeze;
  }
}
