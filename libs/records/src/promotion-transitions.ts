import type { NewPromotion, PromotionEvent, PromotionRecord, PromotionStatus } from '@auto-promote/domain';
import type { ApplyResult, PromotionRef, PromotionStore } from './promotion-store';

/**
 * Told of every change Redis has taken: a promotion created (`from` null) or an event applied (`from` its
 * status before, which may be its status now: a freeze mark, a trigger intent).
 */
export type TransitionListener = (
  record: PromotionRecord,
  from: PromotionStatus | null,
  event: PromotionEvent | null,
) => Promise<void> | void;

/**
 * The one way a promotion's status changes: planner, dispatcher, reconciler, CLI `retry`/`promote` and
 * freezes all come through `record` (a new promotion) and `apply` (a lifecycle event). The store checks the
 * lifecycle table atomically in Redis; this then tells the listeners — the transition metric and GitLab
 * feedback — once per change that happened, in the process that made it.
 */
export class PromotionTransitions {
  constructor(
    readonly store: PromotionStore,
    private readonly listeners: readonly TransitionListener[] = [],
  ) {}

  /** Records a new promotion unless its id exists; `created` false returns the existing record. */
  async record(input: NewPromotion): Promise<{ record: PromotionRecord; created: boolean }> {
    const result = await this.store.create(input);
    if (result.created) await this.tell(result.record, null, null);
    return result;
  }

  async apply(ref: PromotionRef, event: PromotionEvent): Promise<ApplyResult> {
    const result = await this.store.apply(ref, event);
    if (result.kind === 'applied' || result.kind === 'superseded')
      await this.tell(result.record, result.from, event);
    return result;
  }

  private async tell(
    record: PromotionRecord,
    from: PromotionStatus | null,
    event: PromotionEvent | null,
  ): Promise<void> {
    for (const listener of this.listeners) await listener(record, from, event);
  }
}
