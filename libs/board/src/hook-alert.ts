import type { BoardHookAlert } from '@auto-promote/board-view';
import { describeHookHealth, type HookHealth } from '@auto-promote/domain';

/** Where the board reads the GitLab hook's health from (the records library's `HookHealthStore`). */
export interface HookHealthSource {
  get(): Promise<HookHealth | null>;
}

/** The board's banner for a hook GitLab does not send pushes to; null while it does (or nothing is known). */
export function hookAlert(health: HookHealth | null): BoardHookAlert | null {
  if (health === null) return null;
  const { status } = health;
  if (status !== 'disabled' && status !== 'temporarily_disabled' && status !== 'missing') return null;
  const fix =
    status === 'missing'
      ? 'run auto-promote setup webhook'
      : 'set GITLAB_HOOK_REPAIR=true or run auto-promote doctor';
  return {
    status,
    hookId: health.hookId,
    disabledUntil: health.disabledUntil,
    message: `${describeHookHealth(health)}; pushes arrive only through the reconciler (${fix})`,
  };
}
