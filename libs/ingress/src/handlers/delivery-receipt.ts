import type { DeliveryReceipt } from '@auto-promote/domain';
import type { HeaderBag } from '../http-result';

/** Longest header value kept: GitLab's are UUIDs; anything longer is not GitLab's and is dropped. */
const MAX_LENGTH = 128;
const PRINTABLE = /^[\x21-\x7e]+$/;

function headerValue(headers: HeaderBag, name: string): string | null {
  const value = headers[name]?.trim();
  return value && value.length <= MAX_LENGTH && PRINTABLE.test(value) ? value : null;
}

/**
 * The receipt of a webhook delivery, for the records it causes: GitLab's `Idempotency-Key` (the same on
 * every retry of one delivery) and `X-Gitlab-Event-UUID`. `{}` when GitLab sent neither.
 */
export function deliveryReceipt(headers: HeaderBag): { delivery?: DeliveryReceipt } {
  const idempotencyKey = headerValue(headers, 'idempotency-key');
  const eventUuid = headerValue(headers, 'x-gitlab-event-uuid');
  return idempotencyKey === null && eventUuid === null ? {} : { delivery: { idempotencyKey, eventUuid } };
}
