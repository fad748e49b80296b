import type { HookHealthPolicy } from '../hooks/hook-health';
import type { EmulatedProject } from '../project';
import type { GitLabUser, RefUpdate } from './types';

/** What a project needs from the emulator that owns it. */
export interface ProjectContext {
  instanceUrl: string;
  user: GitLabUser;
  now(): number;
  /** Instance-wide ids (hooks, merge requests, notes, statuses, pipelines are numbered across projects). */
  nextId(kind: 'hook' | 'merge_request' | 'note' | 'status' | 'pipeline' | 'freeze_period'): number;
  hookHealthPolicy(): HookHealthPolicy;
  /** Sends the Push Hook for a branch movement; resolves when delivered, or at once when `wait` is false. */
  dispatchPush(project: EmulatedProject, update: RefUpdate, wait: boolean): Promise<void>;
}
