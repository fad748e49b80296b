/** Where a push came from: GitLab's webhook, the reconciler's backstop, or an operator's command. */
export type EventSource = 'webhook' | 'reconcile' | 'replay' | 'manual';

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
}

/** Phases of a promotion job; the dispatcher stores the current one in the job's data. */
export type PromotionPhase = 'trigger' | 'follow';

/** Data of a `promotions` job; the record in Redis holds everything else. */
export interface PromotionJobData {
  promotionId: string;
  app: string;
  targetEnv: string;
  phase: PromotionPhase;
  /** Delay before the next status poll of Jenkins, grown while a build runs. */
  pollDelayMs?: number;
  /** ISO time of the first attempt; the retry horizon counts from here. */
  firstAttemptAt?: string;
}
