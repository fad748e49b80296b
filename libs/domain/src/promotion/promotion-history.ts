import type { PromotionEvent, PromotionEventKind } from './promotion-lifecycle';
import type { PromotionStatus } from './promotion-record';

/**
 * One change of a promotion, as the store wrote it in the same atomic step as the change: what happened,
 * from which status to which, and in words why. The history of a promotion is what `explain` tells.
 */
export interface PromotionHistoryEntry {
  at: string;
  /** The lifecycle event, or 'recorded' for the creation of the record. */
  event: PromotionEventKind | 'recorded';
  from: PromotionStatus | null;
  to: PromotionStatus;
  note: string | null;
}

/** The most entries kept per promotion: a promotion held by a long freeze re-marks itself now and then. */
export const HISTORY_LIMIT = 100;

/** A line for an event, in words an operator reads in `explain`. */
export function describeEvent(event: PromotionEvent): string | null {
  switch (event.kind) {
    case 'hold': {
      const { reason, until, by, kind } = event.frozen;
      // The calendar's reason already names its end.
      const end = until && kind !== 'gitlab-calendar' ? ` until ${until}` : '';
      return `held: ${reason}${by ? ` (frozen by ${by}${end})` : end ? ` (${end.trim()})` : ''}`;
    }
    case 'release':
      return 'the freeze ended; JENKINS_RETRY_HORIZON counts again from here';
    case 'intend':
      return 'the trigger request is leaving for Jenkins';
    case 'attempt-failed':
      return `Jenkins call failed (attempt ${event.attempts}): ${event.error}${
        event.mayHaveReachedJenkins ? '; it may have reached Jenkins' : ''
      }`;
    case 'triggered':
      return `Jenkins queued it as item ${event.queueId}`;
    case 'build-started':
      return `build #${event.buildNumber} started`;
    case 'build-finished':
      return `build #${event.buildNumber} ended ${event.result}`;
    case 'supersede':
      return event.reason;
    case 'abandon':
      return event.reason;
    case 'retry':
      return `an operator retried it (it was ${event.audit.fromStatus})`;
    case 'block':
      return event.reason;
    case 'unblock':
      return 'sent again after its block was lifted (or forced past it)';
    case 'link':
      return `linked to ${event.previous}, whose merge request brought this commit`;
    case 'merge-request': {
      const mr = event.mergeRequest;
      if (mr.state === 'none') return `no merge request: ${mr.reason ?? 'none found'}`;
      const ref = `merge request !${mr.iid ?? '?'}${mr.url ? ` ${mr.url}` : ''}`;
      return `${ref} ${mr.state}${mr.reason ? `: ${mr.reason}` : ''}`;
    }
  }
}
