import { BRANCH_FILTER_STRATEGIES, isValidRegex, type BranchFilterStrategy } from './branch-filter';
import { HEALTHY_HOOK, type HookHealth } from './hook-health';

/** Project webhook records and the pure rules for creating and editing them through the API. */

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

export interface CustomHeader {
  key: string;
  value: string;
}

export interface ProjectHook {
  id: number;
  projectId: number;
  url: string;
  /** Write-only secret sent as X-Gitlab-Token; '' means none. */
  token: string;
  name: string;
  description: string;
  createdAt: string;
  events: Record<HookEventFlag, boolean>;
  pushEventsBranchFilter: string;
  branchFilterStrategy: BranchFilterStrategy;
  enableSslVerification: boolean;
  customHeaders: CustomHeader[];
  health: HookHealth;
}

/** Hook attributes as the API (or addHook) receives them; absent keys are left unchanged on edit. */
export interface HookAttributes {
  url?: string;
  token?: string;
  name?: string;
  description?: string;
  push_events_branch_filter?: string;
  branch_filter_strategy?: string;
  enable_ssl_verification?: boolean;
  custom_headers?: CustomHeader[];
  events?: Partial<Record<HookEventFlag, boolean>>;
}

/** In-process form used by `project.addHook`: event flags may be given at top level, like the REST body. */
export type HookInput = HookAttributes & Partial<Record<HookEventFlag, boolean>> & { url: string };

export function hookInputAttributes(input: HookInput): HookAttributes {
  const events: Partial<Record<HookEventFlag, boolean>> = { ...input.events };
  for (const flag of HOOK_EVENT_FLAGS) {
    const value = input[flag];
    if (typeof value === 'boolean') events[flag] = value;
  }
  return { ...input, events };
}

/** A rejected hook change, with GitLab's status and body. */
export class HookValidationError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(JSON.stringify(body));
    this.name = 'HookValidationError';
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function validate(hook: ProjectHook): void {
  if (!isHttpUrl(hook.url)) throw new HookValidationError(422, { error: 'Invalid url given' });
  if (hook.branchFilterStrategy === 'regex' && !isValidRegex(hook.pushEventsBranchFilter)) {
    throw new HookValidationError(422, { error: 'Invalid branch filter given' });
  }
}

function strategy(value: string | undefined, fallback: BranchFilterStrategy): BranchFilterStrategy {
  if (value === undefined) return fallback;
  const known = BRANCH_FILTER_STRATEGIES.find((candidate) => candidate === value);
  if (!known)
    throw new HookValidationError(400, { error: 'branch_filter_strategy does not have a valid value' });
  return known;
}

export function createHook(
  id: number,
  projectId: number,
  attrs: HookAttributes,
  createdAt: string,
): ProjectHook {
  if (attrs.url === undefined || attrs.url === '')
    throw new HookValidationError(400, { error: 'url is missing' });
  const events = Object.fromEntries(HOOK_EVENT_FLAGS.map((flag) => [flag, false])) as Record<
    HookEventFlag,
    boolean
  >;
  events.push_events = true; // GitLab's default for a new project hook
  const hook: ProjectHook = {
    id,
    projectId,
    url: attrs.url,
    token: attrs.token ?? '',
    name: attrs.name ?? '',
    description: attrs.description ?? '',
    createdAt,
    events: { ...events, ...attrs.events },
    pushEventsBranchFilter: attrs.push_events_branch_filter ?? '',
    branchFilterStrategy: strategy(attrs.branch_filter_strategy, 'wildcard'),
    enableSslVerification: attrs.enable_ssl_verification ?? true,
    customHeaders: attrs.custom_headers ?? [],
    health: { ...HEALTHY_HOOK },
  };
  validate(hook);
  return hook;
}

/**
 * GitLab quirk: changing the URL without also sending `token` (or custom header values) clears them, so a
 * secret is never sent to a new destination by accident.
 */
export function updateHook(hook: ProjectHook, attrs: HookAttributes): ProjectHook {
  const urlChanged = attrs.url !== undefined && attrs.url !== hook.url;
  const next: ProjectHook = {
    ...hook,
    url: attrs.url ?? hook.url,
    token: attrs.token ?? (urlChanged ? '' : hook.token),
    name: attrs.name ?? hook.name,
    description: attrs.description ?? hook.description,
    events: { ...hook.events, ...attrs.events },
    pushEventsBranchFilter: attrs.push_events_branch_filter ?? hook.pushEventsBranchFilter,
    branchFilterStrategy: strategy(attrs.branch_filter_strategy, hook.branchFilterStrategy),
    enableSslVerification: attrs.enable_ssl_verification ?? hook.enableSslVerification,
    customHeaders: attrs.custom_headers ?? (urlChanged ? [] : hook.customHeaders),
  };
  validate(next);
  return next;
}
