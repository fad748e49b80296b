import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type WebhookOutcome =
  | 'queued'
  | 'duplicate'
  | 'ignored'
  | 'unauthorized'
  | 'invalid'
  | 'too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** A change's lead time and review wait: one minute to two weeks. */
const LEAD_TIME_BUCKETS = [
  60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400, 172_800, 604_800, 1_209_600,
];

/**
 * The service's Prometheus metrics, on a registry of its own so several instances (tests, all roles
 * in one process) never collide. Gauges that describe shared state (queue depths, promotions by status)
 * are filled at scrape time by collectors registered with `onCollect`, so every replica reports the truth.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly webhooks: Counter<'outcome'>;
  readonly jenkinsRequests: Histogram<'operation' | 'outcome'>;
  readonly gitlabRequests: Histogram<'operation' | 'outcome'>;
  readonly promotionTransitions: Counter<'status'>;
  readonly queueJobs: Gauge<'queue' | 'state'>;
  readonly promotions: Gauge<'status'>;
  readonly jenkinsCircuitOpen: Gauge;
  readonly frozenTargets: Gauge<'target'>;
  readonly frozenPromotions: Gauge<'target'>;
  readonly gitlabFeedback: Counter<'kind' | 'outcome'>;
  readonly gitlabHookStatus: Gauge<'status'>;
  readonly gitlabHookRepairs: Counter<'outcome'>;
  readonly missedWebhooks: Counter<'branch'>;
  /** `app` is set only with METRICS_APP_LABEL=true (a label per app multiplies the series). */
  readonly leadTime: Histogram<'target' | 'app'>;
  readonly reviewWait: Histogram<'target' | 'app'>;
  private readonly collectors: Array<() => Promise<void>> = [];

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.webhooks = new Counter({
      name: 'auto_promote_webhooks_total',
      help: 'GitLab webhooks received, by outcome',
      labelNames: ['outcome'],
      registers,
    });
    this.jenkinsRequests = new Histogram({
      name: 'auto_promote_jenkins_request_duration_seconds',
      help: 'Jenkins API call latency, by operation and outcome',
      labelNames: ['operation', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.gitlabRequests = new Histogram({
      name: 'auto_promote_gitlab_request_duration_seconds',
      help: 'GitLab API call latency, by operation and outcome',
      labelNames: ['operation', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.promotionTransitions = new Counter({
      name: 'auto_promote_promotion_transitions_total',
      help: 'Promotion status changes made by this process, by new status',
      labelNames: ['status'],
      registers,
    });
    const collect = async (): Promise<void> => {
      await Promise.all(this.collectors.map((fn) => fn()));
    };
    let collecting: Promise<void> | null = null;
    // Both gauges are filled by the same collectors; run them once per scrape.
    const collectOnce = async (): Promise<void> => {
      collecting ??= collect().finally(() => (collecting = null));
      await collecting;
    };
    this.queueJobs = new Gauge({
      name: 'auto_promote_queue_jobs',
      help: 'Jobs in each queue, by state',
      labelNames: ['queue', 'state'],
      registers,
      collect: collectOnce,
    });
    this.promotions = new Gauge({
      name: 'auto_promote_promotions',
      help: 'Promotion records in Redis, by current status',
      labelNames: ['status'],
      registers,
      collect: collectOnce,
    });
    this.jenkinsCircuitOpen = new Gauge({
      name: 'auto_promote_jenkins_circuit_open',
      help: '1 while Jenkins is unavailable and dispatching is paused (shared by all dispatchers), else 0',
      registers,
      collect: collectOnce,
    });
    this.frozenTargets = new Gauge({
      name: 'auto_promote_frozen_targets',
      help: "1 while promotions into the target branch are frozen (by an operator or GitLab's deploy freeze calendar), else 0",
      labelNames: ['target'],
      registers,
      collect: collectOnce,
    });
    this.frozenPromotions = new Gauge({
      name: 'auto_promote_frozen_promotions',
      help: 'Planned promotions held back because their target is frozen, by target',
      labelNames: ['target'],
      registers,
      collect: collectOnce,
    });
    this.gitlabFeedback = new Counter({
      name: 'auto_promote_gitlab_feedback_total',
      help: 'Commit statuses and merge request notes sent to GitLab, by kind and outcome (posted, unchanged, failed)',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    this.gitlabHookStatus = new Gauge({
      name: 'auto_promote_gitlab_hook_status',
      help: "auto-promote's GitLab hook as the reconciler last saw it: 1 for its status (executable, temporarily_disabled, disabled, missing, unknown), 0 for the others",
      labelNames: ['status'],
      registers,
      collect: collectOnce,
    });
    this.gitlabHookRepairs = new Counter({
      name: 'auto_promote_gitlab_hook_repairs_total',
      help: 'Attempts to re-enable a hook GitLab disabled (GITLAB_HOOK_REPAIR), by outcome (repaired, failed, unsupported, error)',
      labelNames: ['outcome'],
      registers,
    });
    this.missedWebhooks = new Counter({
      name: 'auto_promote_missed_webhooks_total',
      help: 'Pushes the reconciler planned because their webhook never came, by branch',
      labelNames: ['branch'],
      registers,
    });
    this.leadTime = new Histogram({
      name: 'auto_promote_lead_time_seconds',
      help: 'Dev push received until the merge request into the target was merged, once per merged merge request',
      labelNames: ['target', 'app'],
      buckets: LEAD_TIME_BUCKETS,
      registers,
    });
    this.reviewWait = new Histogram({
      name: 'auto_promote_review_wait_seconds',
      help: 'Merge request opened until merged, once per merged merge request of a promotion',
      labelNames: ['target', 'app'],
      buckets: LEAD_TIME_BUCKETS,
      registers,
    });
    if (options.defaultMetrics !== false)
      collectDefaultMetrics({
        register: this.registry,
        prefix: 'auto_promote_',
        // The event-loop delay histogram samples every 10 ms by default, which costs about 7 ms of CPU a
        // second in an idle process; at 100 ms it costs under 1 ms and still shows a blocked loop.
        eventLoopMonitoringPrecision: 100,
      });
  }

  /** Registers a scrape-time collector (e.g. one that reads queue counts from Redis). */
  onCollect(collector: () => Promise<void>): void {
    this.collectors.push(collector);
  }

  /** Times an async call into a histogram, labelling it ok/error. */
  async time<T>(
    histogram: Histogram<'operation' | 'outcome'>,
    operation: string,
    fn: () => Promise<T>,
  ): Promise<T> {
    const end = histogram.startTimer({ operation });
    try {
      const result = await fn();
      end({ outcome: 'ok' });
      return result;
    } catch (error) {
      end({ outcome: 'error' });
      throw error;
    }
  }
}
