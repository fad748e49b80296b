// Pure domain logic of auto-promote: no network, files, Redis or clock. Everything here is deterministic.
export { InvalidAppsDirError } from './errors/invalid-apps-dir-error';
export { InvalidPromotionMapError } from './errors/invalid-promotion-map-error';
export { isSha, isZeroSha, shortSha } from './sha';
export { branchNameProblem, isValidBranchName } from './branch-name';
export {
  branchChange,
  classifyHook,
  PUSH_EVENT_LIMITS,
  type HookClassification,
  type PushCommit,
  type PushEvent,
} from './push-event';
export { eventId, type EventIdentityInput } from './event-identity';
export {
  DEFAULT_PROMOTION_MAP,
  environmentOrder,
  formatPromotionMap,
  isMappedBranch,
  mappedBranches,
  mappedBranchFilterRegex,
  parsePromotionMap,
  sourceBranches,
  sourceBranchFilterRegex,
  targetFor,
  type PromotionMap,
} from './promotion-map';
export * from './hook-branch-filter';
export {
  appNameProblem,
  isSafeAppName,
  SAFE_APP_NAME_RE,
  toAppName,
  toKebabCase,
  type AppNameStyle,
} from './app-name';
export { DEFAULT_APPS_DIR, normalizeAppsDir } from './apps-dir';
export { changedPathFromDiff, pathsOf, type ChangedPath, type GitlabDiff } from './changed-path';
export {
  appDirOf,
  changedApps,
  changedAppsFromCommits,
  type ChangedApps,
  type CommitFiles,
  type RejectedApp,
} from './changed-apps';
export { parsePromotionId, promotionId, type PromotionIdentity } from './promotion-id';
export { imageTagProblem, parseImageRef, type ImageRef } from './image-ref';
export { extractImageTag, type ImageTag, type ManifestFile } from './image-tag';
export { pushSkipReason, type PushRef, type PushSkip } from './skip-rules';
export { planPush, type PlannedPromotion, type PlanPushInput, type PushPlan } from './plan-push';
export {
  appsOptedOut,
  commitMarker,
  inspectRange,
  type CommitMarker,
  type CommitPaths,
  type RangeCommit,
  type RangeInspection,
} from './commit-markers';
export {
  aggregateFeedback,
  COMMIT_STATUS_DESCRIPTION_MAX,
  type CommitFeedback,
  type CommitStatusState,
  type FeedbackItem,
  type FeedbackPromotionStatus,
} from './promotion-feedback';
export * from './promotion/promotion-record';
export * from './promotion/promotion-lifecycle';
export * from './promotion/latest-wins';
export {
  activeFreezeWindow,
  calendarFreezeReason,
  freezeCalendarAt,
  InvalidFreezePeriodError,
  isKnownTimeZone,
  nextFreezeWindow,
  type CalendarAt,
  type FreezePeriod,
  type FreezeWindow,
} from './deploy-freeze-calendar';
export * from './promotion/promotion-history';
export * from './webhook/hook-url';
export * from './webhook/hook-health';
export * from './merge-request/merge-request-branch';
export * from './merge-request/supersede-merge-request';
export * from './merge-request/recorded-merge-request';
export * from './promotion/version-block';
export * from './promotion/block-request';
export { quantile } from './change/quantile';
export {
  formatDuration,
  leadTimeReport,
  secondsBetween,
  type LeadTimeRow,
  type LeadTimeSample,
} from './change/lead-time';
export {
  changeWay,
  leadTimeSample,
  type ChangePush,
  type ChangeStep,
  type ChangeStepKind,
  type ChangeWay,
} from './change/change-way';
