/**
 * The health of auto-promote's GitLab project hook. GitLab auto-disables a failing hook (4 consecutive
 * failures: temporarily, with a growing `disabled_until`; 40: for good) and reports it as `alert_status`;
 * `missing` is no hook at the URL, `unknown` a GitLab that does not report `alert_status` (before 15.1).
 */
export const HOOK_STATUSES = [
  'executable',
  'temporarily_disabled',
  'disabled',
  'missing',
  'unknown',
] as const;

export type HookStatus = (typeof HOOK_STATUSES)[number];

/** GitLab's own `alert_status` values. */
export type HookAlertStatus = 'executable' | 'temporarily_disabled' | 'disabled';

/** What a repair attempt did: GitLab re-enabled the hook, could not deliver the test, or has no test API. */
export type HookRepairOutcome = 'repaired' | 'failed' | 'unsupported' | 'error';

export interface HookRepair {
  at: string;
  outcome: HookRepairOutcome;
  /** GitLab's message when the test request failed. */
  message: string | null;
}

/** What the reconciler last saw of the hook (Redis key `gitlab:hook-health`). */
export interface HookHealth {
  status: HookStatus;
  /** Until when GitLab pauses a temporarily disabled hook (ISO 8601), else null. */
  disabledUntil: string | null;
  hookId: number | null;
  url: string | null;
  checkedAt: string;
  /** When a repair last re-enabled the hook. */
  repairedAt?: string;
  lastRepair?: HookRepair;
}

/** The status of the hook found (or of none): GitLab's alert status, `unknown` when it reports none. */
export function hookStatusOf(hook: { alertStatus: HookAlertStatus | null } | undefined): HookStatus {
  if (hook === undefined) return 'missing';
  return hook.alertStatus ?? 'unknown';
}

/** Whether GitLab skips the hook: pushes then reach auto-promote only through the reconciler. */
export function isHookDisabled(status: HookStatus): status is 'temporarily_disabled' | 'disabled' {
  return status === 'temporarily_disabled' || status === 'disabled';
}

/** One line for logs, `doctor` and the board, e.g. "hook #3 is disabled by GitLab after repeated failures". */
export function describeHookHealth(health: Pick<HookHealth, 'status' | 'hookId' | 'disabledUntil'>): string {
  const hook = health.hookId === null ? 'the webhook' : `hook #${health.hookId}`;
  switch (health.status) {
    case 'executable':
      return `${hook} is executable`;
    case 'temporarily_disabled':
      return `${hook} is temporarily disabled by GitLab after consecutive failures${health.disabledUntil ? ` (until ${health.disabledUntil})` : ''}`;
    case 'disabled':
      return `${hook} is disabled by GitLab after repeated failures: GitLab sends it no pushes`;
    case 'missing':
      return 'no GitLab hook points at auto-promote';
    case 'unknown':
      return `${hook} health is unknown (this GitLab does not report alert_status)`;
  }
}

/** The values of `auto_promote_gitlab_hook_status`: 1 for `status` (unknown before the first look), 0 for every other. */
export function hookStatusSamples(status: HookStatus | null): Array<[HookStatus, number]> {
  return HOOK_STATUSES.map((s) => [s, s === (status ?? 'unknown') ? 1 : 0]);
}
