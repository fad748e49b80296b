import { describeHookHealth, hookStatusOf, type HookHealth } from '@auto-promote/domain';
import type { ProjectHook } from '@auto-promote/gitlab';
import type { DoctorCheck } from './doctor-check';

const REPAIR_FIX =
  "fix what made the deliveries fail (see the hook's Recent events in GitLab), then set GITLAB_HOOK_REPAIR=true so the reconciler re-enables it with a test request, or run auto-promote doctor again (its test push re-enables the hook when it gets through) or press Test in Settings → Webhooks";

/**
 * Whether GitLab still sends pushes to the hook: `alert_status` (GitLab 15.1+). Disabled fails, temporarily
 * disabled warns (GitLab retries after `disabled_until`), no `alert_status` is unknown (ok: older GitLab).
 * `stored` is what the reconciler last recorded, for its last repair.
 */
export function hookHealthCheck(
  hook: ProjectHook,
  stored: HookHealth | null,
  repairOn: boolean,
): DoctorCheck {
  const status = hookStatusOf(hook);
  const detail = describeHookHealth({ status, hookId: hook.id, disabledUntil: hook.disabledUntil });
  const repair = stored?.lastRepair
    ? ` (last repair ${stored.lastRepair.outcome} at ${stored.lastRepair.at}${stored.lastRepair.message ? `: ${stored.lastRepair.message}` : ''})`
    : '';
  const base = { group: 'GitLab' as const, name: 'webhook health' };
  if (status === 'disabled' || status === 'temporarily_disabled')
    return {
      ...base,
      status: status === 'disabled' ? 'fail' : 'warn',
      detail: `${detail}${repair}`,
      fix: repairOn
        ? `GITLAB_HOOK_REPAIR is on: the reconciler retries each RECONCILE_INTERVAL; ${REPAIR_FIX}`
        : REPAIR_FIX,
    };
  return { ...base, status: 'ok', detail };
}
