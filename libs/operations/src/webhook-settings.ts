import type { Config } from '@auto-promote/config';
import { regexBranchFilter, type BranchFilterChoice } from '@auto-promote/domain';
import {
  HOOK_EVENT_FLAGS,
  type HookEventFlag,
  type HookSettings,
  type ProjectHook,
} from '@auto-promote/gitlab';
import { normalizeHookUrl } from './normalize-hook-url';

/** One visible field of a hook that differs from what auto-promote needs. */
export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

/**
 * The hook auto-promote needs: push events only, filtered to every branch of the promotion map (by default
 * the exact RE2 regex; see portableBranchFilter for GitLab versions without regex filters), the first webhook
 * secret as token, TLS verified unless told otherwise.
 */
export function desiredHook(
  config: Pick<Config, 'gitlab' | 'promotion'>,
  url: string,
  options: { insecureSkipTlsVerify?: boolean } = {},
  filter: BranchFilterChoice = regexBranchFilter(config.promotion.map),
): HookSettings {
  const events = Object.fromEntries(HOOK_EVENT_FLAGS.map((flag) => [flag, flag === 'push_events'])) as Record<
    HookEventFlag,
    boolean
  >;
  return {
    url,
    token: config.gitlab.webhookSecrets[0] ?? '',
    pushEventsBranchFilter: filter.filter,
    branchFilterStrategy: filter.strategy,
    enableSslVerification: !options.insecureSkipTlsVerify,
    events,
  };
}

/**
 * The visible fields of `current` that differ from `desired`. GitLab never returns the secret token, so it
 * cannot be compared; event flags and the filter strategy are compared only where GitLab reports them.
 */
export function hookChanges(current: ProjectHook, desired: HookSettings): FieldChange[] {
  const changes: FieldChange[] = [];
  const add = (field: string, from: unknown, to: unknown) => {
    if (from !== to) changes.push({ field, from: String(from), to: String(to) });
  };
  if (normalizeHookUrl(current.url) !== normalizeHookUrl(desired.url)) add('url', current.url, desired.url);
  for (const flag of HOOK_EVENT_FLAGS) {
    const value = current.events[flag];
    if (value !== undefined) add(flag, value, desired.events[flag]);
  }
  if (current.branchFilterStrategy !== null)
    add('branch_filter_strategy', current.branchFilterStrategy, desired.branchFilterStrategy);
  add('push_events_branch_filter', current.pushEventsBranchFilter, desired.pushEventsBranchFilter);
  add('enable_ssl_verification', current.enableSslVerification, desired.enableSslVerification);
  return changes;
}
