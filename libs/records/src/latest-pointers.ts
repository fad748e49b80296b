import { CONTENT_HOLDING_STATUSES, type LatestPointer } from '@auto-promote/domain';
import { SCRIPTS, redisKeys, type RedisKeys, type RedisClient } from '@auto-promote/redis';

/** How a candidate stands against the latest promotion of its app and target, as the planner judged it. */
export type ClaimJudgement =
  /** Newer than the current latest (or there is none): it becomes the latest. */
  | { kind: 'newer' }
  /** Newer, but with the same app content: skipped unless the current one failed, was abandoned or superseded. */
  | { kind: 'same-content' }
  /** Older than the current latest: superseded on arrival. */
  | { kind: 'older' };

export type ClaimOutcome =
  | { kind: 'latest'; previous: LatestPointer | null }
  | { kind: 'older'; newer: LatestPointer }
  | { kind: 'unchanged'; holder: LatestPointer };

const MAX_ROUNDS = 20;

/**
 * The per app+target "latest planned promotion" pointers, moved only forward by compare-and-set. A pointer
 * also names the app content (tree) of its promotion, so the same content is never planned twice while
 * the promotion holding it is planned, in flight or succeeded.
 */
export class LatestPointers {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.keys = redisKeys(prefix);
  }

  async get(targetEnv: string, app: string): Promise<LatestPointer | null> {
    const raw = await this.redis.get(this.keys.latestPromotion(targetEnv, app));
    return raw ? parse(raw) : null;
  }

  /** An operator's forced retry: this promotion becomes the latest, whatever was newer. */
  async force(targetEnv: string, app: string, pointer: LatestPointer): Promise<void> {
    await this.redis.set(this.keys.latestPromotion(targetEnv, app), JSON.stringify(pointer));
  }

  /**
   * Claims "latest" for `candidate`. `judge` compares it with the current pointer (it may ask GitLab); the
   * pointer moves only if it still holds what was judged (the candidate's pointer is taken after judging,
   * so it can carry the app tree the judge read), and a same-content candidate loses to a holder
   * whose promotion is still planned, in flight or succeeded — both checked atomically in Redis. Rounds
   * repeat while concurrent planners move the pointer.
   */
  async claim(
    targetEnv: string,
    app: string,
    candidate: { id: string; pointer: () => LatestPointer },
    judge: (current: LatestPointer) => Promise<ClaimJudgement>,
  ): Promise<ClaimOutcome> {
    const key = this.keys.latestPromotion(targetEnv, app);
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const raw = await this.redis.get(key);
      const current = raw ? parse(raw) : null;
      if (current?.id === candidate.id) return { kind: 'latest', previous: null }; // claimed before a crash
      const judgement = current ? await judge(current) : ({ kind: 'newer' } as const);
      if (current && judgement.kind === 'older') return { kind: 'older', newer: current };
      const holding = current && judgement.kind === 'same-content';
      const set = await SCRIPTS.compareAndSet.run(
        this.redis,
        holding ? [key, this.keys.promotion(current.id)] : [key],
        [
          raw ?? '',
          JSON.stringify(candidate.pointer()),
          raw === null ? '1' : '0',
          holding ? CONTENT_HOLDING_STATUSES.join(',') : '',
        ],
      );
      if (set === 1) return { kind: 'latest', previous: current };
      if (set === 2 && current) return { kind: 'unchanged', holder: current };
    }
    throw new Error(`could not settle the latest promotion of ${app} to ${targetEnv}: too much contention`);
  }
}

function parse(raw: string): LatestPointer {
  const pointer = JSON.parse(raw) as Partial<LatestPointer> & Pick<LatestPointer, 'id' | 'sha'>;
  return { pushOrder: null, tree: null, ...pointer };
}
