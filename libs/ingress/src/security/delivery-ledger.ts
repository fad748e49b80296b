import { redisKeys, type RedisKeys, type RedisClient } from '@auto-promote/redis';
import { SIGNATURE_TOLERANCE_SECONDS } from './webhook-signature';

/**
 * The webhook-ids of signed deliveries already handled, kept twice the signature tolerance: within
 * it a captured delivery could otherwise be replayed; after it its timestamp is refused anyway.
 */
export class DeliveryLedger {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.keys = redisKeys(prefix);
  }

  async seen(id: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.webhookDelivery(id))) === 1;
  }

  /** Called once a delivery was handled (anything but 5xx), so a delivery that failed may be resent. */
  async remember(id: string): Promise<void> {
    await this.redis.set(this.keys.webhookDelivery(id), '1', 'EX', SIGNATURE_TOLERANCE_SECONDS * 2);
  }
}
