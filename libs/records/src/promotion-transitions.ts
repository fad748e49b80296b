import {
  changesFeedback,
  type NewPromotion,
  type PromotionEvent,
  type PromotionRecord,
  type PromotionStatus,
} from '@auto-promote/domain';
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

/** Told that what GitLab should be told about a push changed (see `changesFeedback`). */
export type FeedbackListener = (eventId: string) => Promise<void> | void;

export interface TransitionListeners {
  /** Every change, at once (the transition metric). */
  each?: readonly TransitionListener[];
  /** Once per push whose GitLab feedback changed: at once, or at the end of a `batch`. */
  feedback?: readonly FeedbackListener[];
}

/**
 * The one way a promotion's status changes: planner, dispatcher, reconciler, CLI `retry`/`promote` and
 * freezes all come through `record` (a new promotion) and `apply` (a lifecycle event). The store checks the
 * lifecycle table atomically in Redis; this then tells the listeners — the transition metric and GitLab
 * feedback — once per change that happened, in the process that made it.
 */
export class PromotionTransitions {
  constructor(
    readonly store: PromotionStore,
    private readonly listeners: TransitionListeners = {},
    /** Within a batch: the pushes whose feedback is due when it ends. */
    private readonly pending: Set<string> | null = null,
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

  /**
   * Runs `work` with transitions whose feedback is told once per push when it ends (also when it throws),
   * not once per change: a promotion triggered, built and settled in one run reports once.
   */
  async batch<T>(work: (transitions: PromotionTransitions) => Promise<T>): Promise<T> {
    const pending = new Set<string>();
    try {
      return await work(new PromotionTransitions(this.store, this.listeners, pending));
    } finally {
      for (const eventId of pending) await this.feedback(eventId);
    }
  }

  private async tell(
    record: PromotionRecord,
    from: PromotionStatus | null,
    event: PromotionEvent | null,
  ): Promise<void> {
    for (const listener of this.listeners.each ?? []) await listener(record, from, event);
    if (!changesFeedback(from, record, event)) return;
    if (this.pending) this.pending.add(record.eventId);
    else await this.feedback(record.eventId);
  }

  private async feedback(eventId: string): Promise<void> {
    for (const listener of this.listeners.feedback ?? []) await listener(eventId);
  }
}
