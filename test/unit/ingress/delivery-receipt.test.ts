import { describe, expect, it } from 'vitest';
import { deliveryReceipt } from '@auto-promote/ingress';

describe("the receipt of a webhook delivery (GitLab's headers, for the promotion record)", () => {
  it('keeps Idempotency-Key and X-Gitlab-Event-UUID', () => {
    expect(
      deliveryReceipt({
        'idempotency-key': 'c4a3a6f2-6b8e-4b55-9f53-1d8e1b8b9b52',
        'x-gitlab-event-uuid': ' 2a8e2f14-5b2d-4f0e-9c4a-0d1b9d3f7e61 ',
      }),
    ).toEqual({
      delivery: {
        idempotencyKey: 'c4a3a6f2-6b8e-4b55-9f53-1d8e1b8b9b52',
        eventUuid: '2a8e2f14-5b2d-4f0e-9c4a-0d1b9d3f7e61',
      },
    });
  });

  it('records what GitLab sent: one header, or none (older GitLab, a hand-made delivery)', () => {
    expect(deliveryReceipt({ 'x-gitlab-event-uuid': 'abc' })).toEqual({
      delivery: { idempotencyKey: null, eventUuid: 'abc' },
    });
    expect(deliveryReceipt({})).toEqual({});
  });

  it("drops values that are not GitLab's: too long, or with spaces or control characters", () => {
    expect(
      deliveryReceipt({ 'idempotency-key': 'x'.repeat(129), 'x-gitlab-event-uuid': 'a b\u0000' }),
    ).toEqual({});
  });
});
