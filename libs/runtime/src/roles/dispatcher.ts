import { JenkinsCircuit, createDispatcherWorker, createFeedbackWorker } from '@auto-promote/dispatcher';
import type { Worker } from 'bullmq';
import { QUEUE_NAMES, type PromotionJobData } from '@auto-promote/queues';
import type { Infrastructure } from '../infrastructure';
import { feedbackEnabled } from '../service-queues';
import { workerOptions, workerRole, type RunningRole } from './role';

/**
 * The gate around Jenkins — circuit breaker and trigger rate — shared by every dispatcher through Redis;
 * every process reports it.
 */
export function jenkinsCircuit(infra: Infrastructure): JenkinsCircuit {
  return new JenkinsCircuit(infra.redis, infra.prefix, infra.logger.child({ role: 'dispatcher' }), {
    maxDelayMs: infra.config.retry.maxDelayMs,
    maxTriggersPerSecond: infra.config.jenkins.maxTriggersPerSecond,
  });
}

/**
 * The dispatcher role: each promotion's one job triggers Jenkins and follows its build (the dispatcher
 * worker), and, when on, GitLab feedback is sent (the feedback worker). Everything these workers depend on
 * is built here and nowhere else.
 */
export function startDispatcher(infra: Infrastructure): RunningRole {
  const { config, prefix, metrics } = infra;
  const workers: Worker[] = [
    createDispatcherWorker(
      {
        config,
        jenkins: infra.jenkins(),
        transitions: infra.transitions,
        queue: infra.queue<PromotionJobData>(QUEUE_NAMES.promotions),
        circuit: jenkinsCircuit(infra),
        freezes: infra.activeFreezes,
        blocks: infra.blocks,
        logger: infra.logger.child({ role: 'dispatcher' }),
        mergeRequests: {
          config,
          gitlab: infra.gitlab(),
          recorder: infra.mergeRequestRecorder,
          logger: infra.logger.child({ role: 'dispatcher' }),
        },
      },
      { ...workerOptions(infra, 'dispatcher'), concurrency: config.workers.dispatcherConcurrency },
    ),
  ];
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
