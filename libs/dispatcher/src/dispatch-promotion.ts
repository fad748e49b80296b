import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Config } from '@auto-promote/config';
import { JenkinsConfigError, type JenkinsClient } from '@auto-promote/jenkins';
import type { Logger, Metrics } from '@auto-promote/observability';
import type { PromotionJobData } from '@auto-promote/queues';
import {
  FINAL_STATUSES,
  type PromotionPatch,
  type PromotionRecord,
  type PromotionStatus,
  type PromotionStore,
} from '@auto-promote/records';

export interface DispatcherDeps {
  config: Pick<Config, 'jenkins'>;
  jenkins: JenkinsClient;
  promotions: PromotionStore;
  logger: Logger;
  metrics?: Metrics;
  clock?: () => number;
}

/** Longest wait between two status polls of a running build: bounds Jenkins calls for long builds. */
export const MAX_POLL_DELAY_MS = 30_000;
const POLL_GROWTH = 1.5;

export type DispatchOutcome = { status: PromotionStatus };

/**
 * Moves one promotion forward: trigger Jenkins, then follow queue item → build → result.
 * Waiting happens in BullMQ's delayed set (moveToDelayed + DelayedError), so no worker slot is held
 * and no attempt is used while a build runs. Unavailable Jenkins is thrown for BullMQ's capped
 * backoff; misconfiguration abandons the promotion with a reason an operator can act on.
 */
export async function dispatchPromotion(
  job: Job<PromotionJobData>,
  token: string | undefined,
  deps: DispatcherDeps,
): Promise<DispatchOutcome> {
  const now = deps.clock ?? Date.now;
  const { promotionId } = job.data;
  const log = deps.logger.child({ promotionId, app: job.data.app, targetEnv: job.data.targetEnv });

  const record = await deps.promotions.get(promotionId);
  if (!record) throw new UnrecoverableError(`promotion record ${promotionId} is missing`);
  if (FINAL_STATUSES.includes(record.status)) return { status: record.status };

  const transition = async (
    patch: PromotionPatch,
    from: readonly PromotionStatus[],
  ): Promise<PromotionRecord | null> => {
    const result = await deps.promotions.update(promotionId, patch, from);
    if (result.kind !== 'updated') return null;
    if (patch.status && patch.status !== record.status)
      deps.metrics?.promotionTransitions.inc({ status: patch.status });
    return result.record;
  };

  const firstAttemptAt = job.data.firstAttemptAt ?? new Date(now()).toISOString();
  try {
    if (record.status === 'planned') {
      if (now() - Date.parse(firstAttemptAt) > deps.config.jenkins.retryHorizonMs) {
        const reason = `Jenkins could not be reached for longer than JENKINS_RETRY_HORIZON; last error: ${record.lastError ?? 'none'}`;
        await transition({ status: 'abandoned', reason }, ['planned']);
        log.error({ reason }, 'promotion abandoned');
        throw new UnrecoverableError(reason);
      }
      const triggered = await deps.jenkins.trigger({
        APP_NAME: record.appName,
        SOURCE_ENV: record.sourceEnv,
        TARGET_ENV: record.targetEnv,
        IMAGE_TAG: record.imageTag ?? '',
        PROMOTION_ID: record.id,
      });
      await transition(
        {
          status: 'triggered',
          attempts: record.attempts + 1,
          lastError: null,
          jenkins: { queueUrl: triggered.queueUrl, queueId: triggered.queueId },
        },
        ['planned'],
      );
      log.info({ queueId: triggered.queueId, merged: triggered.merged }, 'Jenkins accepted the trigger');
      return await waitAndFollow(job, token, firstAttemptAt, deps.config.jenkins.pollIntervalMs, now);
    }
    return await follow(job, token, record, firstAttemptAt, deps, transition, log, now);
  } catch (error) {
    if (error instanceof DelayedError || error instanceof UnrecoverableError) throw error;
    if (error instanceof JenkinsConfigError) {
      await transition({ status: 'abandoned', reason: error.message, lastError: error.message }, [
        'planned',
        'triggered',
        'building',
      ]);
      log.error({ reason: error.message }, 'promotion abandoned: Jenkins is misconfigured');
      throw new UnrecoverableError(error.message);
    }
    const message = error instanceof Error ? error.message : String(error);
    await deps.promotions.update(promotionId, { lastError: message, attempts: record.attempts + 1 });
    if (!job.data.firstAttemptAt) await job.updateData({ ...job.data, firstAttemptAt });
    log.warn({ error: message, attempt: job.attemptsMade + 1 }, 'Jenkins unavailable; will retry');
    throw error;
  }
}

/** Parks the job in the delayed set until the next poll, without holding a worker or an attempt. */
async function waitAndFollow(
  job: Job<PromotionJobData>,
  token: string | undefined,
  firstAttemptAt: string,
  delayMs: number,
  now: () => number,
): Promise<never> {
  await job.updateData({ ...job.data, phase: 'follow', pollDelayMs: delayMs, firstAttemptAt });
  await job.moveToDelayed(now() + delayMs, token);
  throw new DelayedError();
}

async function follow(
  job: Job<PromotionJobData>,
  token: string | undefined,
  record: PromotionRecord,
  firstAttemptAt: string,
  deps: DispatcherDeps,
  transition: (patch: PromotionPatch, from: readonly PromotionStatus[]) => Promise<PromotionRecord | null>,
  log: Logger,
  now: () => number,
): Promise<DispatchOutcome> {
  const nextDelay = Math.min(
    Math.round((job.data.pollDelayMs ?? deps.config.jenkins.pollIntervalMs) * POLL_GROWTH),
    MAX_POLL_DELAY_MS,
  );
  const queueId = record.jenkins.queueId;
  if (queueId === null)
    throw new UnrecoverableError(`promotion ${record.id} is ${record.status} without a queue item`);

  let buildNumber = record.jenkins.buildNumber;
  if (buildNumber === null) {
    const item = await deps.jenkins.queueItem(queueId);
    if (item?.cancelled) {
      const reason = `Jenkins queue item ${queueId} was cancelled before a build started`;
      await transition({ status: 'abandoned', reason }, ['triggered']);
      log.warn({ reason }, 'promotion abandoned');
      return { status: 'abandoned' };
    }
    let build = item?.executable ?? null;
    if (item === null) {
      // Jenkins forgets left items after ~5 minutes; the job's builds still carry the queue id.
      const found = await deps.jenkins.findBuildByQueueId(queueId);
      if (!found) {
        const reason = `Jenkins forgot queue item ${queueId} and no build of the job came from it`;
        await transition({ status: 'abandoned', reason }, ['triggered']);
        log.warn({ reason }, 'promotion abandoned');
        return { status: 'abandoned' };
      }
      build = { number: found.number, url: found.url };
    }
    if (build === null) return waitAndFollow(job, token, firstAttemptAt, nextDelay, now);
    buildNumber = build.number;
    await transition({ status: 'building', jenkins: { buildNumber: build.number, buildUrl: build.url } }, [
      'triggered',
    ]);
    log.info({ buildNumber: build.number }, 'Jenkins build started');
  }

  const build = await deps.jenkins.build(buildNumber);
  if (build === null || build.result === null)
    return waitAndFollow(job, token, firstAttemptAt, nextDelay, now);
  const status: PromotionStatus = build.result === 'SUCCESS' ? 'succeeded' : 'failed';
  await transition(
    {
      status,
      jenkins: { result: build.result, buildNumber: build.number, buildUrl: build.url },
      ...(status === 'failed' ? { reason: `Jenkins build #${build.number} ended ${build.result}` } : {}),
    },
    ['triggered', 'building'],
  );
  log.info({ buildNumber: build.number, result: build.result }, `promotion ${status}`);
  return { status };
}
