import type { Config } from '@auto-promote/config';
import type { GitLabClient } from '@auto-promote/gitlab';
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

export interface SetupWebhookResult {
  action: 'created' | 'updated' | 'unchanged';
  hookId: number | null;
  url: string;
  changes: FieldChange[];
  /** Whether the secret token was (or, in a dry run, would be) sent. */
  tokenSent: boolean;
  dryRun: boolean;
  warnings: string[];
}

/**
 * Makes GITLAB_PROJECT's hook for auto-promote match what it needs, idempotently: the hook is found by
 * normalised URL, created when missing, edited when a visible field differs, and left alone otherwise (no
 * write call). The token is sent on every write — GitLab clears it when the URL changes — and with
 * `rotateToken`; as GitLab never returns it, "unchanged" cannot vouch for it.
 */
export async function setupWebhook(
  gitlab: GitLabClient,
  config: Pick<Config, 'gitlab' | 'promotion'>,
  options: SetupWebhookOptions,
): Promise<SetupWebhookResult> {
  const wanted = normalizeHookUrl(options.url);
  if (wanted === null) throw new UsageError(`--url must be an http(s) URL, got '${options.url}'`);
  const project = config.gitlab.project;
  const desired = desiredHook(config, options.url.trim(), options);
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
  if (!hook) {
    const hookId = dryRun ? null : await gitlab.addHook(project, desired);
    return { action: 'created', hookId, url: desired.url, changes: [], tokenSent: true, dryRun, warnings };
  }
  // Keep GitLab's spelling of an equivalent URL: an edit of the URL alone would be no change.
  const settings = { ...desired, url: hook.url };
  const changes = hookChanges(hook, settings);
  if (changes.length === 0 && !options.rotateToken) {
    return {
      action: 'unchanged',
      hookId: hook.id,
      url: hook.url,
      changes,
      tokenSent: false,
      dryRun,
      warnings,
    };
  }
  if (!dryRun) await gitlab.editHook(project, hook.id, settings);
  return { action: 'updated', hookId: hook.id, url: hook.url, changes, tokenSent: true, dryRun, warnings };
}
