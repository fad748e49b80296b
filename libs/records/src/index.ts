export {
  PROMOTION_STATUSES,
  TERMINAL_STATUSES,
  type FreezeKind,
  type FrozenMark,
  type JenkinsProgress,
  type NewPromotion,
  type PromotionHistoryEntry,
  type PromotionPatch,
  type PromotionRecord,
  type PromotionStatus,
  type RetryAudit,
} from '@auto-promote/domain';
export * from './promotion-store';
export * from './promotion-transitions';
export * from './event-record';
export * from './event-store';
export * from './errors/record-not-found-error';
export * from './errors/invalid-cursor-error';
export * from './freeze-store';
export * from './latest-pointers';
export * from './delivery-beacon';
export * from './gitlab-freeze-calendar';
export * from './active-freezes';
export * from './jenkins-gate-view';
export * from './hook-health-store';
export * from './open-merge-requests';
export * from './merge-request-recorder';
export * from './block-store';
export * from './change-chains';
export * from './lead-time-samples';
