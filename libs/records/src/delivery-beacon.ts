import { redisKeys, type RedisKeys, type RedisClient } from '@auto-promote/redis';

/** One webhook delivery as the beacon records it. */
export interface DeliverySighting {
  /** When the ingress saw it (epoch ms). */
  at: number;
  /** X-Gitlab-Event, e.g. "Push Hook". */
  event: string;
  /** X-Gitlab-Event-UUID, when GitLab sent one. */
  uuid: string;
}

export type DeliveryOutcome = 'authenticated' | 'refused';

/**
 * The last delivery the ingress authenticated and the last it refused, in Redis: `doctor` asks GitLab to send
 * a test push and then looks here, which proves end to end that webhooks arrive with the right secret. One
 * HSET per delivery, off the response path (a lost sighting only makes `doctor` wait longer).
 */
export class DeliveryBeacon {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.keys = redisKeys(prefix);
  }

  async record(outcome: DeliveryOutcome, sighting: DeliverySighting): Promise<void> {
    await this.redis.hset(this.keys.lastDelivery(outcome), {
      at: String(sighting.at),
      event: sighting.event,
      uuid: sighting.uuid,
    });
  }

  async last(outcome: DeliveryOutcome): Promise<DeliverySighting | null> {
    const hash = await this.redis.hgetall(this.keys.lastDelivery(outcome));
    const at = Number(hash['at']);
    if (!Number.isFinite(at) || at <= 0) return null;
    return { at, event: hash['event'] ?? '', uuid: hash['uuid'] ?? '' };
  }
}
