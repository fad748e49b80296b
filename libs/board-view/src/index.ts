/**
 * The JSON the board's front end reads (`GET /api/board`): the contract between the board library, which
 * builds it, and apps/board-ui, which shows it. No imports, so the browser bundle that imports this
 * library gets nothing of the server with it.
 */

export type BoardPromotionStatus =
  'planned' | 'triggered' | 'building' | 'succeeded' | 'failed' | 'superseded' | 'skipped' | 'abandoned';

/** What an environment branch runs for one app, as last seen by the environment observer. */
export interface BoardCell {
  imageTag: string | null;
  sha: string;
  seenAt: string;
}

/** The merge request a promotion's build opened: the board links it, and an open one awaits review. */
export interface BoardMergeRequest {
  iid: number | null;
  url: string | null;
  state: 'opened' | 'merged' | 'closed' | 'locked' | 'none';
}

/** The part of a promotion record the board shows. */
export interface BoardPromotion {
  id: string;
  app: string;
  sourceEnv: string;
  targetEnv: string;
  sha: string;
  imageTag: string | null;
  status: BoardPromotionStatus;
  /** Set while the dispatcher holds the promotion back because its target is frozen. */
  frozen: {
    reason: string;
    until: string | null;
    since: string;
    kind?: 'operator' | 'gitlab-calendar';
    by?: string | null;
  } | null;
  reason: string | null;
  /** The block a skipped promotion was stopped by (absent from boards before blocks). */
  blockedBy?: { id: string; by: string; reason: string } | null;
  lastError: string | null;
  buildUrl: string | null;
  buildNumber: number | null;
  /** Null until looked for (after a successful build). */
  mergeRequest: BoardMergeRequest | null;
  createdAt: string;
  updatedAt: string;
}

export interface BoardFreeze {
  target: string;
  reason: string;
  until: string | null;
  /** An operator's `freeze`, or GitLab's Deploy Freeze calendar (GITLAB_DEPLOY_FREEZE). */
  kind: 'operator' | 'gitlab-calendar';
  /** Who froze the target (operator freezes); null when unknown and for the calendar. */
  by: string | null;
}

/** auto-promote's GitLab hook when GitLab does not send it pushes (the board shows a banner). */
export interface BoardHookAlert {
  status: 'temporarily_disabled' | 'disabled' | 'missing';
  hookId: number | null;
  disabledUntil: string | null;
  /** One line saying what is wrong and what to do. */
  message: string;
}

/** An active block of an app's version: no promotion of it is triggered while it lasts. */
export interface BoardBlock {
  id: string;
  app: string;
  /** What is blocked: an IMAGE_TAG or a commit sha. */
  kind: 'tag' | 'sha';
  version: string;
  /** The one target it applies to; null = every target. */
  target: string | null;
  reason: string;
  by: string;
  createdAt: string;
}

/** One step of the promotion map between two columns. */
export interface BoardLink {
  source: string;
  target: string;
}

export interface BoardRow {
  app: string;
  /** Environment → what it runs; an environment without the app is absent. */
  cells: Record<string, BoardCell>;
  /** `<source>→<target>` → newest promotion of the app between them, or absent. */
  promotions: Record<string, BoardPromotion>;
}

export interface BoardSnapshot {
  /** Server time, so relative times do not depend on the browser's clock. */
  now: string;
  environments: string[];
  links: BoardLink[];
  rows: BoardRow[];
  freezes: BoardFreeze[];
  /** Set while GitLab does not send auto-promote's hook pushes (disabled, paused or gone); absent otherwise. */
  hookAlert?: BoardHookAlert;
  /** Active blocks (absent from boards before blocks). */
  blocks?: BoardBlock[];
  /** Newest first, filtered by the query's app, target and status. */
  recent: BoardPromotion[];
  filters: { app: string | null; target: string | null; status: string | null };
}

export const linkKey = (source: string, target: string): string => `${source}→${target}`;
