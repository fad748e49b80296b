/**
 * GitLab's webhook auto-disabling, as a pure state machine. After 4 consecutive failures a hook is temporarily
 * disabled; each further failure after the pause doubles the pause (capped), and 40 consecutive failures disable
 * it for good. Any success resets everything.
 */

export type AlertStatus = 'executable' | 'temporarily_disabled' | 'disabled';

export interface HookHealthPolicy {
  /** Consecutive failures that trigger the first temporary disable (GitLab: 4). */
  failureThreshold: number;
  /** Consecutive failures after which the hook is disabled permanently (GitLab 17.11: 40). */
  permanentThreshold: number;
  /** First pause (GitLab: 1 minute). */
  initialBackoffMs: number;
  /** Longest pause (GitLab: 24 hours). */
  maxBackoffMs: number;
}

export const GITLAB_HOOK_HEALTH: Readonly<HookHealthPolicy> = Object.freeze({
  failureThreshold: 4,
  permanentThreshold: 40,
  initialBackoffMs: 60_000,
  maxBackoffMs: 24 * 60 * 60_000,
});

export interface HookHealth {
  recentFailures: number;
  backoffCount: number;
  disabledUntil: number | null;
  permanentlyDisabled: boolean;
}

export const HEALTHY_HOOK: Readonly<HookHealth> = Object.freeze({
  recentFailures: 0,
  backoffCount: 0,
  disabledUntil: null,
  permanentlyDisabled: false,
});

export function recordSuccess(): HookHealth {
  return { ...HEALTHY_HOOK };
}

export function recordFailure(health: HookHealth, now: number, policy: HookHealthPolicy): HookHealth {
  const recentFailures = health.recentFailures + 1;
  if (recentFailures >= policy.permanentThreshold) {
    return {
      recentFailures,
      backoffCount: health.backoffCount,
      disabledUntil: null,
      permanentlyDisabled: true,
    };
  }
  if (recentFailures < policy.failureThreshold) return { ...health, recentFailures };
  const backoffCount = health.backoffCount + 1;
  const pause = Math.min(policy.initialBackoffMs * 2 ** (backoffCount - 1), policy.maxBackoffMs);
  return { recentFailures, backoffCount, disabledUntil: now + pause, permanentlyDisabled: false };
}

export function alertStatus(health: HookHealth, now: number): AlertStatus {
  if (health.permanentlyDisabled) return 'disabled';
  if (health.disabledUntil !== null && health.disabledUntil > now) return 'temporarily_disabled';
  return 'executable';
}

/**
 * The state GitLab would be in for `status` (a test control; real GitLab gets there by failed deliveries):
 * temporarily disabled as after the 4th consecutive failure, disabled as after the 40th.
 */
export function healthFor(status: AlertStatus, now: number, policy: HookHealthPolicy): HookHealth {
  if (status === 'executable') return { ...HEALTHY_HOOK };
  if (status === 'disabled')
    return {
      recentFailures: policy.permanentThreshold,
      backoffCount: 0,
      disabledUntil: null,
      permanentlyDisabled: true,
    };
  return {
    recentFailures: policy.failureThreshold,
    backoffCount: 1,
    disabledUntil: now + policy.initialBackoffMs,
    permanentlyDisabled: false,
  };
}
