import type { HookHealthPolicy } from './hooks/hook-health';
import type { GitLabUser, Visibility } from './model/types';

/** Options of GitLabEmulator.start and createProject. */

export interface GitLabEmulatorOptions {
  /** Token accepted as PRIVATE-TOKEN or Bearer. */
  token: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Base of every URL GitLab would print (web_url, X-Gitlab-Instance); defaults to the emulator's own URL. */
  instanceUrl?: string;
  /** Seed of the fault switch's PRNG (flaky runs are repeatable). */
  seed?: number;
  /** The token's owner: pusher, MR author, status author. */
  user?: Partial<GitLabUser>;
  /** Webhook request timeout (GitLab: 10 s). */
  hookTimeoutMs?: number;
  /** First auto-disable pause after 4 consecutive failures (GitLab: 60 s). */
  hookDisableMs?: number;
  hookHealth?: Partial<HookHealthPolicy>;
  /** Diff-limit quirk: compare returns at most this many diffs and sets compare_timeout (default 1000). */
  compareMaxFiles?: number;
  /** Clock for commit dates and records. */
  now?: () => number;
  /** GitLab version sent in User-Agent. */
  version?: string;
  /**
   * Answer like an older GitLab (before 15.x/17.1), as some real answers in test/fixtures/real do: hooks carry
   * no `branch_filter_strategy` and ignore it (every filter is one wildcard pattern), compare answers have no
   * `compare_timeout`, and POST /projects/:id/hooks/:hook_id/test/:trigger does not exist. Default false.
   */
  olderGitLab?: boolean;
}

export interface CreateProjectOptions {
  /** "namespace/name" (subgroups allowed). */
  path: string;
  id?: number;
  defaultBranch?: string;
  visibility?: Visibility;
  description?: string;
}

export const DEFAULT_USER: GitLabUser = {
  id: 1,
  name: 'Administrator',
  username: 'root',
  email: 'admin@example.com',
  avatarUrl: 'https://www.gravatar.com/avatar/e64c7d89f26bd1972efa854d13d7dd61?s=80&d=identicon',
};
