import { EnvironmentStateStore, singleFlightObserver } from '@auto-promote/board';
import {
  PlannedHeads,
  type HookHealthDeps,
  createPlannerWorker,
  createReconcilerWorker,
  readImageTag,
} from '@auto-promote/planner';
import { QUEUE_NAMES, type PromotionJobData } from '@auto-promote/queues';
import type { Infrastructure } from '../infrastructure';
import { notifyFeedback } from './feedback';
import { workerOptions, workerRole, type RunningRole } from './role';

/** How long planned pushes are gathered before the board's environments are observed again. */
const OBSERVE_AFTER_PUSHES_MS = 1_000;

/**
 * `request` arranges one call of `fn` `ms` later; requests before it fires join that call. A burst of
 * planned pushes becomes one environment observation a second instead of one per push.
 */
function coalesce(fn: () => void, ms: number): { request: () => void; cancel: () => void } {
  let timer: NodeJS.Timeout | null = null;
  return {
    request: () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        fn();
      }, ms);
      timer.unref();
    },
    cancel: () => {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

/**
 * The planner role: push events become promotions (the planner worker), missed pushes are found again (the
 * reconciler), and the board's environments are observed after each reconcile and after planned pushes.
 * Everything the planner's workers depend on is built here and nowhere else.
 */
export async function startPlanner(infra: Infrastructure): Promise<RunningRole> {
  const { config, prefix, redis } = infra;
  const logger = infra.logger.child({ role: 'planner' });
  const gitlab = infra.gitlab();
  const plannedHeads = new PlannedHeads(redis, prefix);
  const environments = new EnvironmentStateStore(redis, prefix);
  const mergeRequests = {
    gitlab,
    recorder: infra.mergeRequestRecorder,
    project: config.gitlab.project,
    logger,
  };
  const observer = singleFlightObserver({ config, gitlab, readImageTag, store: environments, logger });
  const planner = createPlannerWorker(
    {
      config,
      gitlab,
      transitions: infra.transitions,
      events: infra.events,
      promotionsQueue: infra.queue<PromotionJobData>(QUEUE_NAMES.promotions),
      latest: infra.latest,
      blocks: infra.blocks,
      plannedHeads,
      logger,
      notifyFeedback: notifyFeedback(infra),
      mergeRequests,
      chains: infra.chains,
    },
    { ...workerOptions(infra, 'planner'), concurrency: config.workers.plannerConcurrency },
  );
  // A planned push moves the board's view of its branch with what the planning read; anything else (a push
  // skipped, opted-out apps, a view not at the push's `before`) asks for an observation, once a second at most.
  const observeSoon = coalesce(() => void observer.request(), OBSERVE_AFTER_PUSHES_MS);
  planner.on('completed', (_job, outcome) => {
    const change = outcome.status === 'planned' ? outcome.branchChange : null;
    if (!change) return observeSoon.request();
    const seenAt = new Date().toISOString();
    const set = Object.fromEntries(
      Object.entries(change.tags).map(([app, imageTag]) => [app, { imageTag, sha: change.after, seenAt }]),
    );
    environments
      .advance(change.branch, change.before, change.after, { set, removed: change.removed })
      .then((moved) => (moved ? undefined : observeSoon.request()))
      .catch(() => observeSoon.request());
  });
  const reconciler = await createReconcilerWorker(
    { config, gitlab, plannedHeads, producer: infra.producer, logger, metrics: infra.metrics, mergeRequests },
    {
      connection: infra.connect('worker', 'reconciler'),
      queueConnection: redis,
      prefix,
      intervalMs: config.reconcile.intervalMs,
      afterReconcile: observer.request,
      hookHealth: hookHealthDeps(infra, gitlab, logger),
    },
  );
  infra.adopt(reconciler.queue);
  return workerRole(infra, 'planner', [planner, reconciler.worker], async () => {
    observeSoon.cancel();
    await observer.idle();
  });
}

/** What the reconciler's look at the GitLab hook needs (see checkHookHealth). */
function hookHealthDeps(
  infra: Infrastructure,
  gitlab: HookHealthDeps['gitlab'],
  logger: HookHealthDeps['logger'],
): HookHealthDeps {
  return {
    config: infra.config,
    gitlab,
    store: infra.hookHealth,
    logger,
    metrics: infra.metrics,
  };
}
