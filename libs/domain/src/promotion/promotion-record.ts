import type { PlannedPromotion } from '../plan-push';
import type { BlockMark } from './version-block';

/** Where a push came from: GitLab's webhook, the reconciler's backstop, or an operator's command. */
export type EventSource = 'webhook' | 'reconcile' | 'replay' | 'manual';

export const PROMOTION_STATUSES = [
  'planned',
  'triggered',
  'building',
  'succeeded',
  'failed',
  'superseded',
  'skipped',
  'abandoned',
] as const;

export type PromotionStatus = (typeof PROMOTION_STATUSES)[number];

export interface JenkinsProgress {
  queueUrl: string | null;
  queueId: number | null;
  buildNumber: number | null;
  buildUrl: string | null;
  result: string | null;
}

/** What froze a target: an operator's `freeze`, or GitLab's Deploy Freeze calendar (GITLAB_DEPLOY_FREEZE). */
export type FreezeKind = 'operator' | 'gitlab-calendar';

/** Set while a promotion is held back because its target is frozen. */
export interface FrozenMark {
  /** Absent on records held before freezes had kinds (an operator's freeze then). */
  kind?: FreezeKind;
  /** Who froze the target (operator freezes); null when unknown or for the calendar. */
  by?: string | null;
  reason: string;
  /** When the freeze ends by itself; null = until `unfreeze`. */
  until: string | null;
  /** When the dispatcher first held this promotion back. */
  since: string;
}

/** One `retry` of a promotion by an operator: what it was before. */
export interface RetryAudit {
  at: string;
  fromStatus: PromotionStatus;
  reason: string | null;
  lastError: string | null;
  buildUrl: string | null;
}

/**
 * The merge request a promotion's Jenkins build opened in the target branch (issue 17). `state` 'none'
 * means the build opened none (or none was found in time); `reason` then says why.
 */
export interface PromotionMergeRequest {
  iid: number | null;
  url: string | null;
  state: 'opened' | 'merged' | 'closed' | 'locked' | 'none';
  /** The source branch looked for (PROMOTION_MR_BRANCH, filled in). */
  sourceBranch: string;
  openedAt: string | null;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  reason: string | null;
}

/** The GitLab delivery that caused a promotion (its webhook's headers), for the receipt. */
export interface DeliveryReceipt {
  idempotencyKey: string | null;
  eventUuid: string | null;
}

/** One promotion = (app, source env, target env, pushed commit sha); the contract lists these fields. */
export interface PromotionRecord extends PlannedPromotion {
  imageTag: string | null;
  eventId: string;
  source: EventSource;
  status: PromotionStatus;
  /** Order of the push on its branch, assigned when the event was accepted; breaks ties between diverged histories. */
  pushOrder: number | null;
  /**
   * Set just before the trigger request leaves for Jenkins: from then on the promotion may already be in
   * Jenkins, so it is never superseded, and a retry looks for it in Jenkins before triggering again.
   */
  triggerIntentAt: string | null;
  /** Why a promotion was skipped or abandoned, in words an operator can act on. */
  reason: string | null;
  attempts: number;
  jenkins: JenkinsProgress;
  lastError: string | null;
  supersededBy: string | null;
  /** Non-null while the target is frozen and this promotion waits for the freeze to end. */
  frozen: FrozenMark | null;
  /**
   * Where JENKINS_RETRY_HORIZON is counted from when not `createdAt`: after a freeze ended or an operator's
   * retry, so waiting for a freeze (or a retry of an old promotion) is never taken for Jenkins being down.
   */
  retryHorizonFrom: string | null;
  /** Every operator retry, oldest first; null until the first (an empty list would not survive Lua's cjson). */
  retries: RetryAudit[] | null;
  /** The merge request its build opened; null until looked for (only after a successful build). */
  mergeRequest: PromotionMergeRequest | null;
  /** The promotion whose merge request brought this one's source commit (the chain of a change); else null. */
  previous: string | null;
  /** The webhook delivery that caused it; null for the reconciler, replays and operators. */
  delivery: DeliveryReceipt | null;
  /** The block a `skipped` promotion was stopped by; null otherwise (absent on records made before blocks). */
  blockedBy?: BlockMark | null;
  createdAt: string;
  updatedAt: string;
}

/** What a planner knows when it records a promotion. */
export type NewPromotion = Pick<
  PromotionRecord,
  'id' | 'app' | 'appName' | 'sourceEnv' | 'targetEnv' | 'sha' | 'imageTag' | 'eventId' | 'source'
> &
  Partial<
    Pick<
      PromotionRecord,
      'status' | 'reason' | 'pushOrder' | 'supersededBy' | 'previous' | 'delivery' | 'blockedBy'
    >
  >;

/** What a transition may change; `jenkins` is merged field by field. */
export type PromotionPatch = Partial<
  Pick<
    PromotionRecord,
    | 'status'
    | 'reason'
    | 'attempts'
    | 'lastError'
    | 'supersededBy'
    | 'triggerIntentAt'
    | 'frozen'
    | 'retryHorizonFrom'
    | 'retries'
    | 'mergeRequest'
    | 'previous'
    | 'blockedBy'
  >
> & { jenkins?: Partial<JenkinsProgress> };

const NO_JENKINS: JenkinsProgress = {
  queueUrl: null,
  queueId: null,
  buildNumber: null,
  buildUrl: null,
  result: null,
};

export function newPromotionRecord(input: NewPromotion, now: Date): PromotionRecord {
  const at = now.toISOString();
  return {
    ...input,
    status: input.status ?? 'planned',
    pushOrder: input.pushOrder ?? null,
    triggerIntentAt: null,
    reason: input.reason ?? null,
    supersededBy: input.supersededBy ?? null,
    attempts: 0,
    jenkins: { ...NO_JENKINS },
    lastError: null,
    frozen: null,
    retryHorizonFrom: null,
    retries: null,
    mergeRequest: null,
    previous: input.previous ?? null,
    delivery: input.delivery ?? null,
    blockedBy: input.blockedBy ?? null,
    createdAt: at,
    updatedAt: at,
  };
}

/** Jenkins progress of a promotion that has not reached Jenkins (yet, or again after a retry). */
export const noJenkinsProgress = (): JenkinsProgress => ({ ...NO_JENKINS });
