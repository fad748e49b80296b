// Generic type names carry a GitLab prefix: the package index re-exports every emulator with `export *`.
export { GitLabEmulator } from './gitlab-emulator';
export type { GitLabEmulatorOptions } from './gitlab-emulator-options';
export { EmulatedProject } from './project';
export type { PushHookPayload } from './hooks/push-payload';
export type { CommitStatus as GitLabCommitStatus } from './model/commit-statuses';
export { HookReceiver } from './testing/hook-receiver';
