// Generic type names carry a GitLab prefix: the package index re-exports every emulator with `export *`.
export { GitLabEmulator } from './gitlab-emulator';
export type {
  CreateProjectOptions as GitLabCreateProjectOptions,
  GitLabEmulatorOptions,
} from './gitlab-emulator-options';
export { EmulatedProject } from './project';
export type {
  CommitOptions as GitLabCommitOptions,
  PushOptions as GitLabPushOptions,
} from './model/project-options';
export type {
  HookDelivery as GitLabHookDelivery,
  SkippedDelivery as GitLabSkippedDelivery,
} from './hooks/hook-delivery';
export type {
  AlertStatus as GitLabHookAlertStatus,
  HookHealthPolicy as GitLabHookHealthPolicy,
} from './hooks/hook-health';
export type {
  CustomHeader as GitLabHookCustomHeader,
  HookAttributes as GitLabHookAttributes,
  HookEventFlag as GitLabHookEventFlag,
  HookInput as GitLabHookInput,
  ProjectHook as GitLabProjectHook,
} from './hooks/project-hook';
export {
  branchFilterMatches,
  wildcardMatches,
  type BranchFilterStrategy as GitLabBranchFilterStrategy,
} from './hooks/branch-filter';
export {
  buildPushPayload,
  PUSH_HOOK_COMMIT_LIMIT,
  type PushHookCommit,
  type PushHookPayload,
  type PushHookProject,
} from './hooks/push-payload';
export type {
  CommitStatus as GitLabCommitStatus,
  StatusState as GitLabStatusState,
} from './model/commit-statuses';
export {
  MergeRequestError,
  type MergeRequest as GitLabMergeRequest,
  type MergeRequestNote as GitLabMergeRequestNote,
} from './model/merge-requests';
export type { MergeOptions as GitLabMergeOptions } from './model/merge-operation';
export {
  ZERO_SHA,
  type CommitSpec as GitLabCommitSpec,
  type FileChanges as GitLabFileChanges,
  type GitLabUser,
  type Identity as GitLabIdentity,
  type Visibility as GitLabVisibility,
} from './model/types';
export type { RecordedRequest as GitLabRecordedRequest } from './request-log';
export { HookReceiver, type ReceivedHook } from './testing/hook-receiver';
