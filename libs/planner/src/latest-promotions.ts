import type { Redis } from 'ioredis';
import { LuaScript, redisKeys, type RedisKeys } from '@auto-promote/queues';

/** The newest promotion planned for an app and target. */
export interface LatestPointer {
  id: string;
  sha: string;
  pushOrder: number | null;
}

/** Sets the key to ARGV[2] only if it still holds ARGV[1] ('' = absent). */
const COMPARE_AND_SET = new LuaScript(`
local current = redis.call('GET', KEYS[1])
if (current or '') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1
`);

/**
 * Answers "is `candidate` newer than `current` in the branch's history?". The pushed branch's head is
 * newest by definition; otherwise ancestry decides; diverged histories (force pushes) go by push order.
 */
export async function isNewer(
  candidate: Pick<LatestPointer, 'sha' | 'pushOrder'>,
  current: Pick<LatestPointer, 'sha' | 'pushOrder'>,
  head: string | null,
  isAncestor: (ancestor: string, descendant: string) => Promise<boolean>,
): Promise<boolean> {
  if (candidate.sha === current.sha) return false;
  if (candidate.sha === head) return true;
  if (current.sha === head) return false;
  if (await isAncestor(current.sha, candidate.sha)) return true;
  if (await isAncestor(candidate.sha, current.sha)) return false;
  return (candidate.pushOrder ?? 0) > (current.pushOrder ?? 0);
}

export type LatestDecision =
  { kind: 'newest'; previous: LatestPointer | null } | { kind: 'older'; newer: LatestPointer };

/** The per app+target "latest planned promotion" pointers in Redis, moved only forward. */
export class LatestPromotions {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = redisKeys(prefix);
  }

  async get(targetEnv: string, app: string): Promise<LatestPointer | null> {
    const raw = await this.redis.get(this.keys.latestPromotion(targetEnv, app));
    return raw ? (JSON.parse(raw) as LatestPointer) : null;
  }

  /**
   * Claims "latest" for `candidate` unless a newer promotion holds it. Compare-and-set, retried, so
   * concurrent planners of the same app agree on one winner.
   */
  async claim(
    targetEnv: string,
    app: string,
    candidate: LatestPointer,
    newer: (candidate: LatestPointer, current: LatestPointer) => Promise<boolean>,
  ): Promise<LatestDecision> {
    const key = this.keys.latestPromotion(targetEnv, app);
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const raw = await this.redis.get(key);
      const current = raw ? (JSON.parse(raw) as LatestPointer) : null;
      if (current && current.id !== candidate.id && !(await newer(candidate, current))) {
        return { kind: 'older', newer: current };
      }
      if (current?.id === candidate.id) return { kind: 'newest', previous: null };
      const set = await COMPARE_AND_SET.run(this.redis, [key], [raw ?? '', JSON.stringify(candidate)]);
      if (set === 1) return { kind: 'newest', previous: current };
    }
    throw new Error(`could not settle the latest promotion of ${app} to ${targetEnv}: too much contention`);
  }
}
