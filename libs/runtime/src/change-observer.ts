import type { Logger, Metrics } from '@auto-promote/observability';
import type { ChangeChains, PromotionRecord, TransitionListener } from '@auto-promote/records';

export interface ChangeObserverDeps {
  chains: ChangeChains;
  metrics: Metrics;
  logger: Logger;
  /** METRICS_APP_LABEL: the histograms carry the app. */
  appLabel: boolean;
  /** Stands in for a merge time GitLab did not give. */
  clock?: () => Date;
}

/**
 * The transition listener of the chain of a change: indexes every new promotion's link and every merge
 * request recorded on a promotion, and — in the one process that first sees a promotion's merge request
 * merged — observes its lead time and review wait. Never fails a transition: an error is logged.
 */
export function changeObserver(deps: ChangeObserverDeps): TransitionListener {
  return async (record, from) => {
    try {
      const { firstMerged } = await deps.chains.index(record, from === null);
      if (firstMerged) await observeMerged(record, deps);
    } catch (error) {
      deps.logger.warn(
        { promotionId: record.id, error: (error as Error).message },
        'could not index the change of a promotion',
      );
    }
  };
}

/** Observes the lead time and review wait of a promotion whose merge request was merged. */
export async function observeMerged(record: PromotionRecord, deps: ChangeObserverDeps): Promise<void> {
  const mr = record.mergeRequest;
  if (mr?.state !== 'merged') return;
  const merged = mr.mergedAt ? record : withMergedAt(record, (deps.clock ?? (() => new Date()))());
  const sample = await deps.chains.leadTimeOf(merged);
  if (!sample) return;
  const labels = deps.appLabel ? { target: record.targetEnv, app: record.app } : { target: record.targetEnv };
  deps.metrics.leadTime.observe(labels, sample.leadTimeSeconds);
  if (sample.reviewWaitSeconds !== null) deps.metrics.reviewWait.observe(labels, sample.reviewWaitSeconds);
  deps.logger.info(
    {
      promotionId: record.id,
      leadTimeSeconds: sample.leadTimeSeconds,
      reviewWaitSeconds: sample.reviewWaitSeconds,
    },
    'merge request merged: lead time observed',
  );
}

function withMergedAt(record: PromotionRecord, now: Date): PromotionRecord {
  const mr = record.mergeRequest;
  return mr ? { ...record, mergeRequest: { ...mr, mergedAt: now.toISOString() } } : record;
}
