import type { EventSource } from '@auto-promote/queues';

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

/** Statuses after which nothing happens to a promotion any more. */
export const FINAL_STATUSES: readonly PromotionStatus[] = [
  'succeeded',
  'failed',
  'superseded',
  'skipped',
  'abandoned',
];

export interface JenkinsProgress {
  queueUrl: string | null;
  queueId: number | null;
  buildNumber: number | null;
  buildUrl: string | null;
  result: string | null;
}

/** One promotion = (app, source env, target env, pushed commit sha); the contract lists these fields. */
export interface PromotionRecord {
  id: string;
  app: string;
  appName: string;
  sourceEnv: string;
  targetEnv: string;
  sha: string;
  imageTag: string | null;
  eventId: string;
  source: EventSource;
  status: PromotionStatus;
  /** Why a promotion was skipped or abandoned, in words an operator can act on. */
  reason: string | null;
  attempts: number;
  jenkins: JenkinsProgress;
  lastError: string | null;
  supersededBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NewPromotion = Pick<
  PromotionRecord,
  'id' | 'app' | 'appName' | 'sourceEnv' | 'targetEnv' | 'sha' | 'imageTag' | 'eventId' | 'source'
> &
  Partial<Pick<PromotionRecord, 'status' | 'reason'>>;

/** What an update may change; `jenkins` is merged field by field. */
export type PromotionPatch = Partial<
  Pick<PromotionRecord, 'status' | 'reason' | 'attempts' | 'lastError' | 'supersededBy' | 'imageTag'>
> & { jenkins?: Partial<JenkinsProgress> };

export function newPromotionRecord(input: NewPromotion, now: Date): PromotionRecord {
  const at = now.toISOString();
  return {
    ...input,
    status: input.status ?? 'planned',
    reason: input.reason ?? null,
    attempts: 0,
    jenkins: { queueUrl: null, queueId: null, buildNumber: null, buildUrl: null, result: null },
    lastError: null,
    supersededBy: null,
    createdAt: at,
    updatedAt: at,
  };
}
