import { redisKeys, type RedisKeys, type RedisClient } from '@auto-promote/redis';
import type { BoardCell } from '@auto-promote/board-view';

export type EnvironmentAppState = BoardCell;

/**
 * What each environment branch runs, per app, in Redis: `${prefix}:env:<branch>` is a hash app → JSON
 * {imageTag, sha, seenAt}; `${prefix}:env-head:<branch>` the head it was read at. Every change publishes
 * `env:<branch>` on the changes channel.
 */
export class EnvironmentStateStore {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.keys = redisKeys(prefix);
  }

  async observedHead(branch: string): Promise<string | null> {
    return this.redis.get(this.keys.environmentObservedHead(branch));
  }

  async get(branch: string): Promise<Record<string, EnvironmentAppState>> {
    const raw = await this.redis.hgetall(this.keys.environmentState(branch));
    const out: Record<string, EnvironmentAppState> = {};
    for (const [app, json] of Object.entries(raw)) {
      try {
        out[app] = JSON.parse(json) as EnvironmentAppState;
      } catch {
        // a value this version cannot read is left out, never fatal
      }
    }
    return out;
  }

  /**
   * Moves the branch from `before` to `head` with what a planned push said about it — only while the
   * stored view is at `before` (the push continues what was observed); false otherwise, and the branch is
   * then left to an observation.
   */
  async advance(
    branch: string,
    before: string,
    head: string,
    change: { set: Record<string, EnvironmentAppState>; removed: string[] },
  ): Promise<boolean> {
    if ((await this.observedHead(branch)) !== before) return false;
    await this.record(branch, head, change);
    return true;
  }

  /**
   * Records the branch at `head`: `set` apps are written, `removed` apps deleted; with `replace`, every app
   * not in `set` goes. Atomic, so a reader never sees half an observation.
   */
  async record(
    branch: string,
    head: string,
    change: { set: Record<string, EnvironmentAppState>; removed?: string[]; replace?: boolean },
  ): Promise<void> {
    const key = this.keys.environmentState(branch);
    const tx = this.redis.multi();
    if (change.replace) tx.del(key);
    const entries = Object.entries(change.set);
    if (entries.length > 0) tx.hset(key, Object.fromEntries(entries.map(([a, s]) => [a, JSON.stringify(s)])));
    if (change.removed && change.removed.length > 0) tx.hdel(key, ...change.removed);
    tx.set(this.keys.environmentObservedHead(branch), head);
    tx.publish(this.keys.changesChannel, `env:${branch}`);
    await tx.exec();
  }
}
