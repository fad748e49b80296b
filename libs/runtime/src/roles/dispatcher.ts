import { JenkinsCircuit, createDispatcherWorkers, createFeedbackWorker } from '@auto-promote/dispatcher';
import { LatestPromotions } from '@auto-promote/planner';
import { QUEUE_NAMES, redisKeys, type BuildJobData, type PromotionJobData } from '@auto-promote/queues';
import { feedbackEnabled, type Infrastructure } from '../infrastructure';
import { notifyFeedback } from './feedback';
import { workerOptions, workerRole, type RunningRole } from './role';

/** The circuit breaker around Jenkins, shared by every dispatcher through Redis; every process reports it. */
export function jenkinsCircuit(infra: Infrastructure): JenkinsCircuit {
  return new JenkinsCircuit(
    infra.redis,
    redisKeys(infra.prefix).jenkinsFailures,
    infra.logger.child({ role: 'dispatcher' }),
    { maxDelayMs: infra.config.retry.maxDelayMs },
  );
}

/**
 * The dispatcher role: promotions trigger Jenkins and their builds are followed (the dispatcher workers),
 * and, when on, GitLab feedback is sent (the feedback worker). Everything these workers depend on is built
 * here and nowhere else.
 */
export function startDispatcher(infra: Infrastructure): RunningRole {
  const { config, prefix, metrics } = infra;
  const latestPromotions = new LatestPromotions(infra.redis, prefix);
  const workers = createDispatcherWorkers(
    {
      config,
      jenkins: infra.jenkins(),
      promotions: infra.promotions,
      promotionsQueue: infra.queue<PromotionJobData>(QUEUE_NAMES.promotions),
      buildsQueue: infra.queue<BuildJobData>(QUEUE_NAMES.builds),
      circuit: jenkinsCircuit(infra),
      freezes: infra.freezes,
      logger: infra.logger.child({ role: 'dispatcher' }),
      metrics,
      notifyFeedback: notifyFeedback(infra),
      latestPromotion: (targetEnv, app) => latestPromotions.get(targetEnv, app),
    },
    {
      ...workerOptions(infra, 'dispatcher'),
      concurrency: config.workers.dispatcherConcurrency,
      maxTriggersPerSecond: config.jenkins.maxTriggersPerSecond,
    },
  );
  if (feedbackEnabled(config)) {
    workers.push(
      createFeedbackWorker(
        {
          config,
          gitlab: infra.gitlab(),
          events: infra.events,
          promotions: infra.promotions,
          redis: infra.redis,
          prefix,
          logger: infra.logger.child({ role: 'feedback' }),
          metrics,
        },
        workerOptions(infra, 'feedback'),
      ),
    );
  }
  return workerRole(infra, 'dispatcher', workers);
}
