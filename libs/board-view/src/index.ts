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
  lastError: string | null;
  buildUrl: string | null;
  buildNumber: number | null;
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
  /** Newest first, filtered by the query's app, target and status. */
  recent: BoardPromotion[];
  filters: { app: string | null; target: string | null; status: string | null };
}

export const linkKey = (source: string, target: string): string => `${source}→${target}`;
