import type { PromotionStatus } from './promotion/promotion-record';

/** The statuses a promotion goes through, as the feedback sees them (the lifecycle's list). */
export type FeedbackPromotionStatus = PromotionStatus;

/** One promotion of a push, as the feedback to GitLab sees it. */
export interface FeedbackItem {
  app: string;
  status: FeedbackPromotionStatus;
  buildNumber: number | null;
  buildUrl: string | null;
  /** Held back because its target is frozen. */
  frozen?: boolean;
}

/** The states GitLab's commit status API accepts. */
export type CommitStatusState = 'pending' | 'running' | 'success' | 'failed' | 'canceled' | 'skipped';

/** The one commit status of a push and target: the aggregate over its apps. */
export interface CommitFeedback {
  state: CommitStatusState;
  /** At most 255 characters (GitLab's limit). */
  description: string;
  targetUrl: string | null;
  /** Every promotion has a Jenkins build or has ended: the moment for the merge request note. */
  settled: boolean;
}

export const COMMIT_STATUS_DESCRIPTION_MAX = 255;

const ACTIVE: readonly FeedbackPromotionStatus[] = ['planned', 'triggered', 'building'];
const FAILING: readonly FeedbackPromotionStatus[] = ['failed', 'abandoned'];

function describe(item: FeedbackItem): string {
  const build = item.buildNumber === null ? '' : ` #${item.buildNumber}`;
  switch (item.status) {
    case 'planned':
      return item.frozen ? `${item.app} waiting (target frozen)` : `${item.app} planned`;
    case 'triggered':
      return `${item.app} queued in Jenkins`;
    case 'building':
    case 'succeeded':
    case 'failed':
      return `${item.app} ${item.status}${build}`;
    default:
      return `${item.app} ${item.status}`;
  }
}

/** Joins parts into at most `max` characters, ending with `+N more` when some did not fit. */
function fit(prefix: string, parts: readonly string[], max: number): string {
  for (let kept = parts.length; kept >= 0; kept -= 1) {
    const rest = parts.length - kept;
    const text = `${prefix}${parts.slice(0, kept).join(', ')}${rest > 0 ? `${kept > 0 ? ', ' : ''}+${rest} more` : ''}`;
    if (text.length <= max) return text;
  }
  return prefix.slice(0, max);
}

/**
 * One commit status for the promotions of a push to a target: `pending` while any waits for Jenkins,
 * `running` once a build runs, then `failed` if any failed or was abandoned, else `success` if any succeeded,
 * `canceled` when all were superseded, `skipped` otherwise. Null when there is nothing to report.
 */
export function aggregateFeedback(targetEnv: string, items: readonly FeedbackItem[]): CommitFeedback | null {
  if (items.length === 0) return null;
  const sorted = [...items].sort((a, b) => (a.app < b.app ? -1 : a.app > b.app ? 1 : 0));
  const active = sorted.filter((i) => ACTIVE.includes(i.status));
  let state: CommitStatusState;
  if (active.length > 0) state = active.some((i) => i.status === 'building') ? 'running' : 'pending';
  else if (sorted.some((i) => FAILING.includes(i.status))) state = 'failed';
  else if (sorted.some((i) => i.status === 'succeeded')) state = 'success';
  else if (sorted.every((i) => i.status === 'superseded')) state = 'canceled';
  else state = 'skipped';
  const preferred =
    state === 'failed'
      ? sorted.filter((i) => FAILING.includes(i.status))
      : sorted.filter((i) => i.status === 'building');
  const targetUrl =
    [...preferred, ...sorted].find((i) => i.buildUrl !== null && i.buildUrl !== '')?.buildUrl ?? null;
  return {
    state,
    description: fit(`${targetEnv}: `, sorted.map(describe), COMMIT_STATUS_DESCRIPTION_MAX),
    targetUrl,
    settled: sorted.every((i) => !ACTIVE.includes(i.status) || i.buildNumber !== null),
  };
}
