/** Every `*_events` flag of a GitLab project hook (GitLab 17–18); a hook for auto-promote sets only `push_events`. */
export const HOOK_EVENT_FLAGS = [
  'push_events',
  'tag_push_events',
  'merge_requests_events',
  'repository_update_events',
  'issues_events',
  'confidential_issues_events',
  'note_events',
  'confidential_note_events',
  'pipeline_events',
  'wiki_page_events',
  'deployment_events',
  'feature_flag_events',
  'job_events',
  'releases_events',
  'milestone_events',
  'emoji_events',
  'resource_access_token_events',
  'vulnerability_events',
] as const;

export type HookEventFlag = (typeof HOOK_EVENT_FLAGS)[number];

/** A project hook as GitLab returns it. The secret token is write-only and never part of it. */
export interface ProjectHook {
  id: number;
  url: string;
  pushEventsBranchFilter: string;
  /** `wildcard`, `regex` or `all_branches`; null on GitLab versions that do not report it. */
  branchFilterStrategy: string | null;
  enableSslVerification: boolean;
  /** The event flags GitLab reported (older versions report fewer). */
  events: Partial<Record<HookEventFlag, boolean>>;
}

/** What auto-promote sets on its hook; `token` is sent on every write (GitLab clears it when the URL changes). */
export interface HookSettings {
  url: string;
  token: string;
  pushEventsBranchFilter: string;
  branchFilterStrategy: 'wildcard' | 'regex' | 'all_branches';
  enableSslVerification: boolean;
  events: Record<HookEventFlag, boolean>;
}
