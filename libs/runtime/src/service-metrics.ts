import { PROMOTION_STATUSES } from '@auto-promote/records';
import type { Infrastructure } from './infrastructure';
import { jenkinsCircuit } from './roles/dispatcher';

/**
 * Fills, at scrape time, the gauges that describe shared state — queue depths, promotions by status, the
 * Jenkins circuit, freezes (operator and GitLab calendar) — from Redis, so every replica reports the truth whichever roles it runs.
 */
export function collectServiceMetrics(infra: Infrastructure): void {
  const { config, metrics, promotions } = infra;
  const circuit = jenkinsCircuit(infra);
  const targets = [...new Set(config.promotion.map.values())];
  metrics.onCollect(async () => {
    const [counts, byStatus, circuitOpen, frozenTargets, frozenPromotions] = await Promise.all([
      Promise.all(infra.queues().map(async (q) => [q.name, await q.getJobCounts()] as const)),
      promotions.countByStatus(),
      circuit.isOpen(),
      // Operator freezes and GitLab's Deploy Freeze calendar alike.
      infra.activeFreezes.all(targets),
      promotions.countFrozen(),
    ]);
    for (const { target, effective } of frozenTargets) {
      metrics.frozenTargets.set({ target }, effective ? 1 : 0);
      metrics.frozenPromotions.set({ target }, frozenPromotions[target] ?? 0);
    }
    for (const [name, states] of counts) {
      for (const [state, n] of Object.entries(states)) metrics.queueJobs.set({ queue: name, state }, n);
    }
    for (const status of PROMOTION_STATUSES) metrics.promotions.set({ status }, byStatus[status]);
    metrics.jenkinsCircuitOpen.set(circuitOpen ? 1 : 0);
  });
}
