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
  /** Arrival order on the branch (assigned by the producer): the tie-breaker between diverged histories. */
  pushOrder?: number;
  /**
   * An operator's manual promotion: exactly these apps at `after`, without a compare (and without the
   * commit skip rules). Absent for pushes.
   */
  onlyApps?: string[];
}

/** Data of a `promotions` job (trigger Jenkins); the record in Redis holds everything else. */
export interface PromotionJobData {
  promotionId: string;
  app: string;
  targetEnv: string;
}

/** Data of a `builds` job: follow a triggered promotion's queue item and build to its result. */
export interface BuildJobData {
  promotionId: string;
  /** Delay before the next status poll of Jenkins, grown while a build runs. */
  pollDelayMs: number;
}

/** Data of a `feedback` job: report the promotions of one push to GitLab (their records say the rest). */
export interface FeedbackJobData {
  eventId: string;
}
