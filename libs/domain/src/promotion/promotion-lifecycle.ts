import {
  PROMOTION_STATUSES,
  noJenkinsProgress,
  type FrozenMark,
  type PromotionMergeRequest,
  type PromotionPatch,
  type PromotionRecord,
  type PromotionStatus,
  type RetryAudit,
} from './promotion-record';
import type { BlockMark } from './version-block';

/**
 * The one promotion lifecycle: every status change of a promotion is one of these events, and the table
 * below is the only place that says from which statuses each may happen and what it writes. The store
 * applies a transition atomically in Redis (the status is checked and written in one script), so two
 * processes racing on one promotion cannot both win.
 *
 *   planned ──intend──▶ planned(intent) ──triggered──▶ triggered ──build-started──▶ building
 *      │  ▲ hold/release/attempt-failed                     │                          │
 *      │  └──────────────── retry (operator) ◀── failed, abandoned          build-finished
 *      ├──supersede──▶ superseded   (only while no trigger may have reached Jenkins)   ▼
 *      ├──block──────▶ skipped      (the same guard; a block placed after it was planned)
 *      └──abandon────▶ abandoned    (also from triggered)                  succeeded | failed
 *                                                                          │ ▲
 *                                          merge-request (found, none, merged, closed) ┘
 *   skipped: recorded so at creation (or by `block`); one skipped by a block goes back to planned by
 *   `unblock` when a replay or `promote` sends it again once the block is lifted (or forced past it).
 */
export type PromotionEvent =
  /** The target is frozen: the promotion waits, marked. */
  | { kind: 'hold'; frozen: FrozenMark }
  /** The freeze is over: JENKINS_RETRY_HORIZON starts again from `at`. */
  | { kind: 'release'; at: string }
  /** The trigger request is about to leave: from now on the promotion may be in Jenkins. */
  | { kind: 'intend'; at: string }
  /** A trigger attempt failed with Jenkins unavailable; `reachedJenkins` false clears the intent. */
  | { kind: 'attempt-failed'; error: string; attempts: number; mayHaveReachedJenkins: boolean }
  /** Jenkins accepted the trigger (or one it had accepted before a crash was adopted). */
  | { kind: 'triggered'; queueId: number; queueUrl: string | null; attempts?: number }
  | { kind: 'build-started'; buildNumber: number; buildUrl: string | null }
  | { kind: 'build-finished'; result: string; buildNumber: number; buildUrl: string | null }
  /** A newer commit of the same app and target was planned. */
  | { kind: 'supersede'; by: string; reason: string }
  | { kind: 'abandon'; reason: string; lastError?: string }
  /** An operator sends a failed or abandoned promotion through again. */
  | { kind: 'retry'; at: string; audit: RetryAudit; retries: RetryAudit[] }
  /**
   * What became of the merge request the successful build opened: found (or none), then merged or closed.
   * The status stays `succeeded`; a merge request no longer open is never changed again.
   */
  | { kind: 'merge-request'; mergeRequest: PromotionMergeRequest }
  /** A block placed after it was planned matches it: it is not triggered (the reason names the block). */
  | { kind: 'block'; block: BlockMark; reason: string }
  /** Its block was lifted (or an operator forced past it) and it was sent again: planned anew. */
  | { kind: 'unblock'; at: string }
  /**
   * The promotion whose merge request brought this one's commit was recorded only after this one was planned
   * (the merge and its push arrive together): linked late. The status stays what it is.
   */
  | { kind: 'link'; previous: string };

export type PromotionEventKind = PromotionEvent['kind'];

/** A condition on the record besides its status, checked in the same atomic step. */
export type TransitionGuard =
  /** Refused once a trigger request may have reached Jenkins (`triggerIntentAt` set). */
  | 'no-trigger-intent'
  /** Refused unless the promotion is still the latest of its app and target; else it is superseded. */
  | 'latest'
  /** Refused once the recorded merge request is no longer open (merged, closed, none): those are final. */
  | 'merge-request-open'
  /** Refused unless a block stopped the promotion (`blockedBy` set): other skips are final. */
  | 'blocked'
  /** Refused once the promotion is linked to a previous one: a link is never changed. */
  | 'unlinked';

export interface TransitionRule {
  from: readonly PromotionStatus[];
  guard: TransitionGuard | null;
}

/** From which statuses each event may happen. A status not listed refuses the event and changes nothing. */
export const TRANSITIONS: Readonly<Record<PromotionEventKind, TransitionRule>> = {
  hold: { from: ['planned'], guard: null },
  release: { from: ['planned'], guard: null },
  intend: { from: ['planned'], guard: 'latest' },
  // When the failed call certainly did not reach Jenkins, a newer promotion supersedes this one at once.
  'attempt-failed': { from: ['planned'], guard: 'latest' },
  triggered: { from: ['planned'], guard: null },
  'build-started': { from: ['triggered'], guard: null },
  'build-finished': { from: ['triggered', 'building'], guard: null },
  supersede: { from: ['planned'], guard: 'no-trigger-intent' },
  abandon: { from: ['planned', 'triggered'], guard: null },
  retry: { from: ['abandoned', 'failed'], guard: null },
  'merge-request': { from: ['succeeded'], guard: 'merge-request-open' },
  block: { from: ['planned'], guard: 'no-trigger-intent' },
  unblock: { from: ['skipped'], guard: 'blocked' },
  link: { from: PROMOTION_STATUSES, guard: 'unlinked' },
};

/** Statuses after which nothing happens to a promotion by itself any more (an operator may still retry). */
export const TERMINAL_STATUSES: readonly PromotionStatus[] = [
  'succeeded',
  'failed',
  'superseded',
  'skipped',
  'abandoned',
];

export const isTerminal = (status: PromotionStatus): boolean => TERMINAL_STATUSES.includes(status);

/** Statuses an operator may `retry`: Jenkins ran and failed, or auto-promote gave up. */
export const RETRYABLE_STATUSES: readonly PromotionStatus[] = TRANSITIONS.retry.from;

export const isRetryable = (status: PromotionStatus): boolean => RETRYABLE_STATUSES.includes(status);

/**
 * Statuses in which a promotion's app content counts as delivered or on its way: a later promotion of the
 * same content to the same target is then `skipped` as unchanged. A failed, abandoned or superseded one
 * delivered nothing, so it never blocks a new one.
 */
export const CONTENT_HOLDING_STATUSES: readonly PromotionStatus[] = [
  'planned',
  'triggered',
  'building',
  'succeeded',
];

/** The record fields an event writes (the status comes from `statusAfter`). */
export function patchFor(event: PromotionEvent): PromotionPatch {
  switch (event.kind) {
    case 'hold':
      return { frozen: event.frozen };
    case 'release':
      return { frozen: null, retryHorizonFrom: event.at };
    case 'intend':
      return { triggerIntentAt: event.at };
    case 'attempt-failed':
      return {
        lastError: event.error,
        attempts: event.attempts,
        ...(event.mayHaveReachedJenkins ? {} : { triggerIntentAt: null }),
      };
    case 'triggered':
      return {
        lastError: null,
        frozen: null,
        ...(event.attempts === undefined ? {} : { attempts: event.attempts }),
        jenkins: { queueId: event.queueId, queueUrl: event.queueUrl },
      };
    case 'build-started':
      return { jenkins: { buildNumber: event.buildNumber, buildUrl: event.buildUrl } };
    case 'build-finished':
      return {
        jenkins: { result: event.result, buildNumber: event.buildNumber, buildUrl: event.buildUrl },
        ...(event.result === 'SUCCESS'
          ? {}
          : { reason: `Jenkins build #${event.buildNumber} ended ${event.result}` }),
      };
    case 'supersede':
      // A promotion held back by a freeze no longer waits for it.
      return { supersededBy: event.by, reason: event.reason, frozen: null };
    case 'abandon':
      return {
        reason: event.reason,
        frozen: null,
        ...(event.lastError ? { lastError: event.lastError } : {}),
      };
    case 'retry':
      return {
        reason: null,
        lastError: null,
        triggerIntentAt: null,
        frozen: null,
        retryHorizonFrom: event.at,
        retries: event.retries,
        jenkins: noJenkinsProgress(),
      };
    case 'merge-request':
      return { mergeRequest: event.mergeRequest };
    case 'block':
      return { reason: event.reason, blockedBy: event.block, frozen: null };
    case 'unblock':
      return {
        reason: null,
        blockedBy: null,
        lastError: null,
        triggerIntentAt: null,
        frozen: null,
        retryHorizonFrom: event.at,
        jenkins: noJenkinsProgress(),
      };
    case 'link':
      return { previous: event.previous };
  }
}

/** The status an event leads to; null = the status it is applied in (the event changes no status). */
export function statusAfter(event: PromotionEvent): PromotionStatus | null {
  switch (event.kind) {
    case 'link':
      return null;
    case 'triggered':
      return 'triggered';
    case 'build-started':
      return 'building';
    case 'build-finished':
      return event.result === 'SUCCESS' ? 'succeeded' : 'failed';
    case 'supersede':
      return 'superseded';
    case 'abandon':
      return 'abandoned';
    case 'merge-request':
      return 'succeeded';
    case 'block':
      return 'skipped';
    default:
      return 'planned';
  }
}

/** Everything the store needs to apply an event: the allowed statuses, the guard and the full patch. */
export function transitionFor(
  event: PromotionEvent,
): TransitionRule & { to: PromotionStatus | null; patch: PromotionPatch } {
  const table = TRANSITIONS[event.kind];
  // A call that may have reached Jenkins keeps its intent: the promotion may be in Jenkins, never superseded.
  const rule =
    event.kind === 'attempt-failed' && event.mayHaveReachedJenkins ? { ...table, guard: null } : table;
  const to = statusAfter(event);
  return { ...rule, to, patch: to === null ? patchFor(event) : { ...patchFor(event), status: to } };
}

/**
 * The same decision the store makes in Redis, for a record in hand: would `event` apply? (The latest
 * guard needs Redis and is not judged here.)
 */
export function canApply(
  record: Pick<PromotionRecord, 'status' | 'triggerIntentAt'> &
    Partial<Pick<PromotionRecord, 'mergeRequest' | 'blockedBy' | 'previous'>>,
  event: PromotionEvent,
): boolean {
  const rule = TRANSITIONS[event.kind];
  if (!rule.from.includes(record.status)) return false;
  if (rule.guard === 'merge-request-open')
    return (record.mergeRequest ?? null) === null || record.mergeRequest?.state === 'opened';
  if (rule.guard === 'blocked') return (record.blockedBy ?? null) !== null;
  if (rule.guard === 'unlinked') return (record.previous ?? null) === null;
  return !(rule.guard === 'no-trigger-intent' && record.triggerIntentAt !== null);
}

/**
 * JENKINS_RETRY_HORIZON: an untriggered promotion keeps retrying an unavailable Jenkins this long, counted
 * from the latest of its creation, the end of a freeze and an operator's retry.
 */
export function retryHorizonPassed(
  record: Pick<PromotionRecord, 'createdAt' | 'retryHorizonFrom'>,
  nowMs: number,
  horizonMs: number,
): boolean {
  return nowMs - Date.parse(record.retryHorizonFrom ?? record.createdAt) > horizonMs;
}

/**
 * Does a change alter what GitLab is told about the push (its commit status, its merge request note)? A
 * new status does, and so does being held back by a freeze or released from one; a trigger intent or a
 * failed attempt does not. A creation does not either: the planner reports the push once it is planned.
 */
export function changesFeedback(
  from: PromotionStatus | null,
  record: Pick<PromotionRecord, 'status'>,
  event: PromotionEvent | null,
): boolean {
  if (from === null) return false;
  return from !== record.status || event?.kind === 'hold' || event?.kind === 'release';
}
