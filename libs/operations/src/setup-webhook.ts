import type { Config } from '@auto-promote/config';
import {
  branchesFilteredOut,
  portableBranchFilter,
  regexBranchFilter,
  type BranchFilterChoice,
  type BranchFilterMode,
} from '@auto-promote/domain';
import { GitLabPermanentError, type GitLabClient, type ProjectHook } from '@auto-promote/gitlab';
import { OperationError } from './errors/operation-error';
import { UsageError } from './errors/usage-error';
import { normalizeHookUrl } from './normalize-hook-url';
import { desiredHook, hookChanges, type FieldChange } from './webhook-settings';

export interface SetupWebhookOptions {
  /** The public URL of the ingress's webhook endpoint, e.g. https://auto-promote.example.com/webhooks/gitlab. */
  url: string;
  /** Turn TLS verification off (self-signed ingress certificates). Default false. */
  insecureSkipTlsVerify?: boolean;
  /** Send the secret token even when every visible field matches. Default false. */
  rotateToken?: boolean;
  /** Show the change only; write nothing. Default false. */
  dryRun?: boolean;
}

/** The branch filter the hook ends up with, as GitLab stored it. */
export interface StoredFilter {
  mode: BranchFilterMode;
  value: string;
  /** Read back from GitLab after the write (false in a dry run). */
  confirmed: boolean;
  /** Why the exact regex filter was not used, when it was not. */
  note: string | null;
}

export interface SetupWebhookResult {
  action: 'created' | 'updated' | 'unchanged';
  hookId: number | null;
  url: string;
  changes: FieldChange[];
  /** Whether the secret token was (or, in a dry run, would be) sent. */
  tokenSent: boolean;
  dryRun: boolean;
  filter: StoredFilter;
  warnings: string[];
}

const NOT_REPORTED =
  'this GitLab does not report branch_filter_strategy, so a regex filter cannot be confirmed (older versions read it as a wildcard that matches no branch)';

/**
 * Makes GITLAB_PROJECT's hook for auto-promote match what it needs, idempotently: the hook is found by
 * normalised URL, created when missing, edited when a visible field differs, and left alone otherwise (no
 * write call). The token is sent on every write — GitLab clears it when the URL changes — and with
 * `rotateToken`; as GitLab never returns it, "unchanged" cannot vouch for it.
 *
 * The branch filter is read back after writing: where GitLab does not store (or does not report) the exact
 * regex, the hook gets the portable filter every version reads alike — none, as a map names several branches.
 * The filter covers every branch of the map: sources are planned, a push to a target refreshes its merge requests.
 */
export async function setupWebhook(
  gitlab: GitLabClient,
  config: Pick<Config, 'gitlab' | 'promotion'>,
  options: SetupWebhookOptions,
): Promise<SetupWebhookResult> {
  const wanted = normalizeHookUrl(options.url);
  if (wanted === null) throw new UsageError(`--url must be an http(s) URL, got '${options.url}'`);
  const project = config.gitlab.project;
  const map = config.promotion.map;
  const dryRun = options.dryRun === true;
  const hooks = (await gitlab.listHooks(project)).sort((a, b) => a.id - b.id);
  const matching = hooks.filter((h) => normalizeHookUrl(h.url) === wanted);
  const warnings: string[] = [];
  if (!new URL(wanted).pathname.endsWith('/webhooks/gitlab'))
    warnings.push(`${options.url} does not end with /webhooks/gitlab, the ingress's webhook path`);
  const [hook, ...others] = matching;
  if (others.length > 0) {
    warnings.push(
      `other hooks point at the same URL (${others.map((h) => `#${h.id}`).join(', ')}): GitLab delivers every push to each of them — remove them`,
    );
  }
  // A GitLab that does not report the strategy of an existing hook gets the portable filter straight away.
  let choice = hook?.branchFilterStrategy === null ? portableBranchFilter(map) : regexBranchFilter(map);
  let note = choice.mode === 'regex' ? null : NOT_REPORTED;
  const settingsFor = (c: BranchFilterChoice, url: string) => ({
    ...desiredHook(config, url, options, c),
    url,
  });
  const planned = (c: BranchFilterChoice): StoredFilter => ({
    mode: c.mode,
    value: c.filter,
    confirmed: false,
    note,
  });

  if (!hook) {
    if (dryRun) {
      const result = { hookId: null, url: options.url.trim(), changes: [], filter: planned(choice) };
      return { action: 'created', ...result, tokenSent: true, dryRun, warnings };
    }
    let hookId: number;
    try {
      hookId = await gitlab.addHook(project, settingsFor(choice, options.url.trim()));
    } catch (error) {
      // Versions that validate the filter as a wildcard pattern refuse the regex outright.
      if (!(error instanceof GitLabPermanentError) || ![400, 422].includes(error.status)) throw error;
      choice = portableBranchFilter(map);
      note = `GitLab refused the regex filter (${error.message})`;
      hookId = await gitlab.addHook(project, settingsFor(choice, options.url.trim()));
    }
    const stored = await confirmFilter(gitlab, config, hookId, choice, note, settingsFor);
    return {
      action: 'created',
      hookId,
      url: options.url.trim(),
      changes: [],
      tokenSent: true,
      dryRun,
      filter: stored,
      warnings,
    };
  }
  // Keep GitLab's spelling of an equivalent URL: an edit of the URL alone would be no change.
  const changes = hookChanges(hook, settingsFor(choice, hook.url));
  const base = { hookId: hook.id, url: hook.url, changes, dryRun, warnings };
  if (changes.length === 0 && !options.rotateToken) {
    const filter = { ...planned(choice), confirmed: true };
    return { action: 'unchanged', ...base, tokenSent: false, filter };
  }
  if (dryRun) return { action: 'updated', ...base, tokenSent: true, filter: planned(choice) };
  await gitlab.editHook(project, hook.id, settingsFor(choice, hook.url));
  const stored = await confirmFilter(gitlab, config, hook.id, choice, note, settingsFor);
  return { action: 'updated', ...base, tokenSent: true, filter: stored };
}

/**
 * Reads the hook back. A regex filter GitLab did not store as one (strategy not reported, or reported as
 * something else) is replaced by the portable filter; a filter that still keeps out a branch of the map is an
 * error, since that hook would never fire for it.
 */
async function confirmFilter(
  gitlab: GitLabClient,
  config: Pick<Config, 'gitlab' | 'promotion'>,
  hookId: number,
  choice: BranchFilterChoice,
  note: string | null,
  settingsFor: (c: BranchFilterChoice, url: string) => ReturnType<typeof desiredHook>,
): Promise<StoredFilter> {
  const project = config.gitlab.project;
  const map = config.promotion.map;
  const readBack = async (): Promise<ProjectHook> => {
    const found = (await gitlab.listHooks(project)).find((h) => h.id === hookId);
    if (!found) throw new OperationError(`hook #${hookId} is gone right after it was written`);
    return found;
  };
  let stored = await readBack();
  if (
    choice.mode === 'regex' &&
    !(stored.branchFilterStrategy === 'regex' && stored.pushEventsBranchFilter === choice.filter)
  ) {
    note =
      stored.branchFilterStrategy === null
        ? NOT_REPORTED
        : `GitLab stored the filter with strategy '${stored.branchFilterStrategy}', not regex`;
    choice = portableBranchFilter(map);
    await gitlab.editHook(project, hookId, settingsFor(choice, stored.url));
    stored = await readBack();
  }
  const missed = branchesFilteredOut(map, stored);
  if (missed.length > 0)
    throw new OperationError(
      `GitLab stored the branch filter '${stored.pushEventsBranchFilter}' (strategy ${stored.branchFilterStrategy ?? 'not reported: wildcard'}), which lets no push of ${missed.join(', ')} through`,
    );
  return { mode: choice.mode, value: stored.pushEventsBranchFilter, confirmed: true, note };
}
