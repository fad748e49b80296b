import { hookStatusSamples } from '@auto-promote/domain';
import type { Infrastructure } from './infrastructure';

/**
 * Fills `auto_promote_gitlab_hook_status` at scrape time from the health the reconciler stored in Redis,
 * so every replica reports the same status whichever one ran the check.
 */
export function collectHookHealthMetrics(infra: Infrastructure): void {
  const store = infra.hookHealth;
  infra.metrics.onCollect(async () => {
    const health = await store.get();
    for (const [status, value] of hookStatusSamples(health?.status ?? null))
      infra.metrics.gitlabHookStatus.set({ status }, value);
  });
}
