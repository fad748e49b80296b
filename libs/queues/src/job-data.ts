import type { DeliveryReceipt, EventSource } from '@auto-promote/domain';

export type { EventSource };

/**
 * Data of a `push-events` job: only what the planner needs, never the webhook payload itself
 * (the planner asks GitLab for the full commit range, which the webhook caps at 20 commits).
 */
export interface PushEventJobData {
  eventId: string;
  source: EventSource;
  projectId: number;
  projectPath: string;
  branch: string;
  before: string;
  after: string;
  totalCommitsCount: number;
  userUsername: string | null;
  receivedAt: string;
  /** Arrival order on the branch (assigned by the producer): the tie-breaker between diverged histories. */
  pushOrder?: number;
  /**
   * An operator's manual promotion: exactly these apps at `after`, without a compare (and without the
   * commit skip rules). Absent for pushes.
   */
  onlyApps?: string[];
  /**
   * An operator's `promote --force`: planned even when a newer promotion holds "latest" or the same app
   * content is already promoted.
   */
  force?: boolean;
  /** GitLab's Idempotency-Key and X-Gitlab-Event-UUID of the webhook delivery (absent for other sources). */
  delivery?: DeliveryReceipt;
}

/**
 * Data of a `promotions` job — the one job of a promotion: it triggers Jenkins, then follows the queue item
 * and build to the result, parked in the delayed set between checks. The record in Redis holds the rest.
 */
export interface PromotionJobData {
  promotionId: string;
  app: string;
  targetEnv: string;
}

/** Data of a `feedback` job: report the promotions of one push to GitLab (their records say the rest). */
export interface FeedbackJobData {
  eventId: string;
}
