import type { AddResourceHookOptions } from '@gitbeaker/rest';
import { z } from 'zod';
import type { HookAlertStatus } from '@auto-promote/domain';
import { GitLabPermanentError, GitLabUnavailableError } from './errors/gitlab-error';
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
  /** GitLab's auto-disabling state (15.1+); null on versions that do not report it. */
  alertStatus: HookAlertStatus | null;
  /** Until when a temporarily disabled hook is paused (ISO 8601); null when not paused or not reported. */
  disabledUntil: string | null;
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

/** What GitLab did with a test event (`GitLabClient.testHook`). */
export type HookTestResult =
  { outcome: 'sent' } | { outcome: 'unsupported' } | { outcome: 'failed'; message: string };

/**
 * What GitLab's answer to a hook test request means: `sent` on 2xx, `unsupported` on versions without the
 * endpoint (404), `failed` with GitLab's message when it could not deliver (422); throws on anything else.
 */
export async function hookTestResult(response: Response): Promise<HookTestResult> {
  if (response.ok) return { outcome: 'sent' };
  const text = (await response.text()).slice(0, 300);
  if (response.status === 404) return { outcome: 'unsupported' };
  if (response.status === 422) return { outcome: 'failed', message: text };
  if (response.status === 429 || response.status >= 500)
    throw new GitLabUnavailableError(`test hook: GitLab answered ${response.status}`);
  throw new GitLabPermanentError(`test hook: GitLab answered ${response.status}: ${text}`, response.status);
}

/** `alert_status` and `disabled_until` (GitLab 15.1+); either may be absent on older versions. */
const hookHealthFields = z.object({
  alert_status: z.enum(['executable', 'temporarily_disabled', 'disabled']).optional().catch(undefined),
  disabled_until: z.string().nullable().optional().catch(undefined),
});

/** A hook from GitLab's answer; fields older versions do not send read as unknown (null, or absent flags). */
export function parseHook(hook: Record<string, unknown>): ProjectHook {
  const events: ProjectHook['events'] = {};
  for (const flag of HOOK_EVENT_FLAGS) {
    const value = hook[flag];
    if (typeof value === 'boolean') events[flag] = value;
  }
  const strategy = hook['branch_filter_strategy'];
  const filter = hook['push_events_branch_filter'];
  const health = hookHealthFields.parse(hook);
  return {
    id: Number(hook['id']),
    url: typeof hook['url'] === 'string' ? hook['url'] : '',
    pushEventsBranchFilter: typeof filter === 'string' ? filter : '',
    branchFilterStrategy: typeof strategy === 'string' ? strategy : null,
    enableSslVerification: hook['enable_ssl_verification'] !== false,
    events,
    alertStatus: health.alert_status ?? null,
    disabledUntil: health.disabled_until ?? null,
  };
}

/**
 * The hook request body in GitLab's own (snake_case) names; gitbeaker passes unknown keys through, which its
 * types lack (branch_filter_strategy, the newer event flags). Versions without a key ignore it.
 */
export function hookBody(settings: HookSettings): AddResourceHookOptions {
  const body: Record<string, string | boolean> = {
    ...settings.events,
    token: settings.token,
    push_events_branch_filter: settings.pushEventsBranchFilter,
    branch_filter_strategy: settings.branchFilterStrategy,
    enable_ssl_verification: settings.enableSslVerification,
  };
  return body;
}
