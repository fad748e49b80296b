import type { Redis } from 'ioredis';
import { redisKeys, type RedisKeys } from '@auto-promote/queues';

/** The newest head of each source branch the planner has planned: where the reconciler continues from. */
export class PlannedHeads {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = redisKeys(prefix);
  }

  get(branch: string): Promise<string | null> {
    return this.redis.get(this.keys.plannedHead(branch));
  }

  async set(branch: string, sha: string): Promise<void> {
    await this.redis.set(this.keys.plannedHead(branch), sha);
  }

  /** The reconciler's first look: remember the head without planning anything. */
  async setIfAbsent(branch: string, sha: string): Promise<boolean> {
    return (await this.redis.set(this.keys.plannedHead(branch), sha, 'NX')) === 'OK';
  }
}
