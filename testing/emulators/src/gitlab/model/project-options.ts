import type { CommitSpec, Visibility } from './types';

/** Options of the project control API. */

export interface CommitOptions extends CommitSpec {
  branch: string;
  /** Branch to start from when `branch` does not exist yet (default: the default branch, or a root commit). */
  startBranch?: string;
  /** Await the Push Hook deliveries before resolving (default true, so tests stay deterministic). */
  waitForHooks?: boolean;
}

export interface PushOptions {
  startBranch?: string;
  waitForHooks?: boolean;
}

export interface ProjectSettings {
  id: number;
  pathWithNamespace: string;
  defaultBranch: string;
  visibility: Visibility;
  description: string;
}
