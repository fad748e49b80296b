import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HeaderBag } from '../http-result';

/** GitLab signs like the Standard Webhooks spec: v1,<base64 HMAC-SHA256 of "id.timestamp.body">. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export type SignatureCheck = { ok: true; id: string } | { ok: false; reason: string };

/** A `whsec_`-prefixed key is base64 (Standard Webhooks); any other key is used as its UTF-8 bytes. */
function keyBytes(key: string): Buffer {
  return key.startsWith('whsec_') ? Buffer.from(key.slice(6), 'base64') : Buffer.from(key, 'utf8');
}

/**
 * Verifies `webhook-id`, `webhook-timestamp` and `webhook-signature` against the raw body. Several
 * space-separated signatures may be sent (key rotation on GitLab's side); one valid is enough.
 * Pure apart from the clock, which is passed in.
 */
export function verifyWebhookSignature(
  headers: HeaderBag,
  rawBody: Buffer,
  key: string,
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): SignatureCheck {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) return { ok: false, reason: 'missing webhook signature headers' };
  if (id.length > 256 || !/^\d{1,12}$/.test(timestamp))
    return { ok: false, reason: 'malformed webhook signature headers' };
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) {
    return { ok: false, reason: 'webhook timestamp outside the tolerance' };
  }
  const expected = createHmac('sha256', keyBytes(key)).update(`${id}.${timestamp}.`).update(rawBody).digest();
  const valid = signatures
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .some((s) => {
      const given = Buffer.from(s.slice(3), 'base64');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  return valid ? { ok: true, id } : { ok: false, reason: 'webhook signature does not match' };
}

/** What a sender computes: for tests and for documenting the scheme. */
export function signWebhook(key: string, id: string, timestamp: number, body: string | Buffer): string {
  const digest = createHmac('sha256', keyBytes(key))
    .update(`${id}.${timestamp}.`)
    .update(body)
    .digest('base64');
  return `v1,${digest}`;
}
