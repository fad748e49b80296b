import { UnrecoverableError, Worker, type Job, type Queue } from 'bullmq';
import type { Config } from '@auto-promote/config';
import { JenkinsConfigError, JenkinsUnavailableError, type JenkinsClient } from '@auto-promote/jenkins';
import type { Logger, Metrics } from '@auto-promote/observability';
import {
  BUILD_JOB_OPTIONS,
  type BuildJobData,
  type FeedbackNotifier,
  type PromotionJobData,
} from '@auto-promote/queues';
import {
  FINAL_STATUSES,
  type FreezeStore,
  type PromotionPatch,
  type PromotionRecord,
  type PromotionStatus,
  type PromotionStore,
} from '@auto-promote/records';
import { passFreeze } from './freeze-gate';
import type { JenkinsCircuit } from './jenkins-circuit';

export interface DispatcherDeps {
  config: Pick<Config, 'jenkins'>;
  jenkins: JenkinsClient;
  promotions: PromotionStore;
  promotionsQueue: Queue<PromotionJobData>;
  buildsQueue: Queue<BuildJobData>;
  circuit: JenkinsCircuit;
  /** Operators' freezes: a promotion into a frozen target waits. */
  freezes: FreezeStore;
  logger: Logger;
  metrics?: Metrics;
  clock?: () => number;
  /** Brings a push's GitLab feedback up to date after a transition; absent when feedback is off. */
  notifyFeedback?: FeedbackNotifier;
  /** How often a promotion held back by a freeze looks again; default FREEZE_RECHECK_MS (5 s). */
  freezeRecheckMs?: number;
  /** The newest promotion planned for an app and target ("latest wins"); absent: never consulted. */
  latestPromotion?: (targetEnv: string, app: string) => Promise<{ id: string } | null>;
}

export type DispatchOutcome = { status: PromotionStatus };

/** Moves a record and counts the transition; null when the record was not in an allowed status. */
export async function transition(
  deps: Pick<DispatcherDeps, 'promotions' | 'metrics' | 'notifyFeedback'>,
  id: string,
  patch: PromotionPatch,
  from: readonly PromotionStatus[],
): Promise<PromotionRecord | null> {
  const result = await deps.promotions.update(id, patch, from);
  if (result.kind !== 'updated') return null;
  if (patch.status) {
    deps.metrics?.promotionTransitions.inc({ status: patch.status });
    await deps.notifyFeedback?.(result.record.eventId);
  }
  return result.record;
}

/** Hands a triggered promotion to the `builds` queue, which follows it to its result. */
async function follow(deps: DispatcherDeps, id: string): Promise<void> {
  const delay = deps.config.jenkins.pollIntervalMs;
  await deps.buildsQueue.add(
    'follow',
    { promotionId: id, pollDelayMs: delay },
    { ...BUILD_JOB_OPTIONS, jobId: id, delay },
  );
}

/**
 * The trigger step of the dispatcher (queue `promotions`): exactly one Jenkins build per promotion.
 *
 * The intent to trigger is recorded before the request leaves, and the queue item right after it
 * is accepted; a retry that finds an intent but no queue item looks for a queue item or build
 * carrying its PROMOTION_ID and adopts it instead of triggering again. While Jenkins is unavailable
 * the whole queue pauses (circuit breaker on BullMQ's global rate limit) without using up attempts.
 * While its target is frozen a promotion waits, parked in the delayed set (see `passFreeze`).
 */
export async function triggerPromotion(
  job: Job<PromotionJobData>,
  deps: DispatcherDeps,
  token?: string,
): Promise<DispatchOutcome> {
  const now = deps.clock ?? Date.now;
  const { promotionId: id } = job.data;
  const log = deps.logger.child({ promotionId: id, app: job.data.app, targetEnv: job.data.targetEnv });

  const stored = await deps.promotions.get(id);
  if (!stored) throw new UnrecoverableError(`promotion record ${id} is missing`);
  if (FINAL_STATUSES.includes(stored.status)) return { status: stored.status };
  if (stored.status !== 'planned') {
    await follow(deps, id); // triggered before a crash that came ahead of handing it on
    return { status: stored.status };
  }
  const gate = await passFreeze(job, token, stored, deps, now());
  if (!gate.pass) return { status: gate.status };
  const record = gate.record;

  // Counted from the latest of creation, the end of a freeze and an operator's retry.
  const horizonFrom = Date.parse(record.retryHorizonFrom ?? record.createdAt);
  if (now() - horizonFrom > deps.config.jenkins.retryHorizonMs) {
    const reason = `Jenkins could not be reached within JENKINS_RETRY_HORIZON; last error: ${record.lastError ?? 'none'}`;
    await transition(deps, id, { status: 'abandoned', reason }, ['planned']);
    log.error({ reason }, 'promotion abandoned');
    return { status: 'abandoned' };
  }

  log.debug({ triggerIntentAt: record.triggerIntentAt, attemptsStarted: job.attemptsStarted }, 'dispatching');
  try {
    if (record.triggerIntentAt !== null) {
      const found = await deps.jenkins.findByPromotionId(id, Date.parse(record.triggerIntentAt));
      if (found) {
        await transition(
          deps,
          id,
          { status: 'triggered', jenkins: { queueId: found.queueId, queueUrl: found.queueUrl } },
          ['planned'],
        );
        log.warn({ queueId: found.queueId }, 'adopted a trigger Jenkins had accepted before a crash');
        await follow(deps, id);
        return { status: 'triggered' };
      }
    }
    // While Jenkins is down, one probe at a time goes; everyone else waits without using an attempt.
    const admission = await deps.circuit.admit();
    if (!admission.ok) {
      await deps.promotionsQueue.rateLimit(admission.waitMs);
      throw Worker.RateLimitError();
    }
    // Only a planned, not superseded promotion may go; from here on it is never superseded.
    const intent = await deps.promotions.update(id, { triggerIntentAt: new Date(now()).toISOString() }, [
      'planned',
    ]);
    if (intent.kind !== 'updated')
      return { status: intent.kind === 'not-allowed' ? intent.record.status : 'abandoned' };

    const triggered = await deps.jenkins.trigger({
      APP_NAME: record.appName,
      SOURCE_ENV: record.sourceEnv,
      TARGET_ENV: record.targetEnv,
      IMAGE_TAG: record.imageTag ?? '',
      PROMOTION_ID: record.id,
    });
    await deps.circuit.success();
    await transition(
      deps,
      id,
      {
        status: 'triggered',
        attempts: record.attempts + 1,
        lastError: null,
        jenkins: { queueUrl: triggered.queueUrl, queueId: triggered.queueId },
      },
      ['planned'],
    );
    log.info({ queueId: triggered.queueId, merged: triggered.merged }, 'Jenkins accepted the trigger');
    await follow(deps, id);
    return { status: 'triggered' };
  } catch (error) {
    if (error instanceof JenkinsConfigError) {
      await transition(deps, id, { status: 'abandoned', reason: error.message, lastError: error.message }, [
        'planned',
      ]);
      log.error({ reason: error.message }, 'promotion abandoned: Jenkins is misconfigured');
      throw new UnrecoverableError(error.message);
    }
    if (!(error instanceof JenkinsUnavailableError)) throw error;
    // Jenkins certainly did not take it: the promotion may again be superseded while it waits.
    const patch: PromotionPatch = { lastError: error.message, attempts: record.attempts + 1 };
    if (!error.mayHaveReachedJenkins) patch.triggerIntentAt = null;
    await deps.promotions.update(id, patch);
    const pause = await deps.circuit.failure(error.message);
    if (!error.mayHaveReachedJenkins && (await supersededMeanwhile(deps, record, log))) {
      if (pause !== null) await deps.promotionsQueue.rateLimit(pause); // the others still wait
      return { status: 'superseded' };
    }
    if (pause === null) throw error; // an isolated failure: this job alone retries with backoff
    await deps.promotionsQueue.rateLimit(pause);
    throw Worker.RateLimitError();
  }
}

/**
 * A newer commit of the app planned while this attempt was under way could not supersede it then (its
 * trigger intent was set); once Jenkins certainly did not take it, it is superseded here instead.
 */
async function supersededMeanwhile(
  deps: DispatcherDeps,
  record: PromotionRecord,
  log: Logger,
): Promise<boolean> {
  const newest = await deps.latestPromotion?.(record.targetEnv, record.app);
  if (!newest || newest.id === record.id) return false;
  const reason = `superseded by a newer commit of ${record.app} for ${record.targetEnv}`;
  const result = await deps.promotions.update(
    record.id,
    { status: 'superseded', supersededBy: newest.id, reason, frozen: null },
    ['planned'],
    'triggerIntentAt',
  );
  if (result.kind !== 'updated') return false;
  deps.metrics?.promotionTransitions.inc({ status: 'superseded' });
  await deps.notifyFeedback?.(record.eventId);
  log.info({ supersededBy: newest.id }, 'older promotion superseded after a failed attempt');
  return true;
}
