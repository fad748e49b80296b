import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { retryHorizonPassed } from '@auto-promote/domain';
import { JenkinsConfigError, JenkinsUnavailableError } from '@auto-promote/jenkins';
import { cappedBackoff } from '@auto-promote/queues';
import type { PromotionRecord } from '@auto-promote/records';
import { passBlock } from './block-gate';
import type { DispatchOutcome, DispatcherDeps } from './dispatcher-deps';
import { passFreeze } from './freeze-gate';
import { parkUntil } from './park';

/** The record once Jenkins has the promotion, or how it ended instead. */
export type TriggerResult =
  { kind: 'triggered'; record: PromotionRecord } | { kind: 'ended'; outcome: DispatchOutcome };

const ended = (record: { status: DispatchOutcome['status'] } | null): TriggerResult => ({
  kind: 'ended',
  outcome: { status: record?.status ?? 'abandoned' },
});

/**
 * Exactly one Jenkins build per promotion. The intent is recorded before the request leaves — and only while
 * the promotion is still the latest of its app and target, else it is superseded there — and the queue
 * item right after Jenkins accepts it; a run that finds an intent but no queue item looks for a queue item or
 * build carrying its PROMOTION_ID and adopts it instead of triggering again. While the circuit is open the
 * whole queue pauses without using attempts; a failure on its own parks just this promotion until any call
 * succeeds or its backoff ends. Freezes hold it (see `passFreeze`); a block placed meanwhile ends it
 * `skipped`, also while a freeze holds it (see `passBlock`).
 */
export async function triggerStep(
  job: Job,
  token: string | undefined,
  stored: PromotionRecord,
  deps: DispatcherDeps,
): Promise<TriggerResult> {
  const now = deps.clock ?? Date.now;
  const log = deps.logger.child({ promotionId: stored.id, app: stored.app, targetEnv: stored.targetEnv });
  const unblocked = await passBlock(stored, (job.data as { force?: boolean }).force === true, deps);
  if (!unblocked) return ended(await deps.transitions.store.get(stored.id));
  const record = await passFreeze(job, token, unblocked, deps, now());
  if (!record) return ended(await deps.transitions.store.get(stored.id));

  if (retryHorizonPassed(record, now(), deps.config.jenkins.retryHorizonMs)) {
    const reason = `Jenkins could not be reached within JENKINS_RETRY_HORIZON; last error: ${record.lastError ?? 'none'}`;
    const result = await deps.transitions.apply(record, { kind: 'abandon', reason });
    log.error({ reason }, 'promotion abandoned');
    return ended(result.kind === 'missing' ? null : result.record);
  }

  // Every call to Jenkins passes the gate: while the circuit is open only the probe goes, and triggers keep
  // to JENKINS_MAX_TRIGGERS_PER_SECOND. Waiting here uses no attempt: the whole queue pauses.
  const admission = await deps.circuit.admit(record.id, now());
  if (!admission.go) {
    await deps.queue.rateLimit(admission.waitMs);
    throw Worker.RateLimitError();
  }
  try {
    if (record.triggerIntentAt !== null) {
      const found = await deps.jenkins.findByPromotionId(record.id, Date.parse(record.triggerIntentAt));
      if (found) {
        const result = await deps.transitions.apply(record, {
          kind: 'triggered',
          queueId: found.queueId,
          queueUrl: found.queueUrl,
        });
        log.warn({ queueId: found.queueId }, 'adopted a trigger Jenkins had accepted before a crash');
        return result.kind === 'applied' ? { kind: 'triggered', record: result.record } : ended(null);
      }
    }
    const intent = await deps.transitions.apply(record, {
      kind: 'intend',
      at: new Date(now()).toISOString(),
    });
    if (intent.kind === 'superseded')
      log.info({ supersededBy: intent.record.supersededBy }, 'promotion superseded');
    if (intent.kind !== 'applied') return ended(intent.kind === 'missing' ? null : intent.record);

    const triggered = await deps.jenkins.trigger({
      APP_NAME: record.appName,
      SOURCE_ENV: record.sourceEnv,
      TARGET_ENV: record.targetEnv,
      IMAGE_TAG: record.imageTag ?? '',
      PROMOTION_ID: record.id,
    });
    await releaseParked(deps);
    const result = await deps.transitions.apply(record, {
      kind: 'triggered',
      queueId: triggered.queueId,
      queueUrl: triggered.queueUrl,
      attempts: record.attempts + 1,
    });
    log.info({ queueId: triggered.queueId, merged: triggered.merged }, 'Jenkins accepted the trigger');
    return result.kind === 'applied' ? { kind: 'triggered', record: result.record } : ended(null);
  } catch (error) {
    if (error instanceof JenkinsConfigError) {
      await deps.transitions.apply(record, {
        kind: 'abandon',
        reason: error.message,
        lastError: error.message,
      });
      log.error({ reason: error.message }, 'promotion abandoned: Jenkins is misconfigured');
      throw new UnrecoverableError(error.message);
    }
    if (!(error instanceof JenkinsUnavailableError)) throw error;
    const attempts = record.attempts + 1;
    // Jenkins certainly did not take it: the intent is cleared, and a newer promotion supersedes it now.
    const failed = await deps.transitions.apply(record, {
      kind: 'attempt-failed',
      error: error.message,
      attempts,
      mayHaveReachedJenkins: error.mayHaveReachedJenkins,
    });
    const pause = await deps.circuit.failure(error.message);
    if (failed.kind === 'superseded') {
      log.info({ supersededBy: failed.record.supersededBy }, 'superseded after a failed attempt');
      if (pause !== null) await deps.queue.rateLimit(Math.min(pause, deps.circuit.recheckMs)); // the others wait
      return ended(failed.record);
    }
    if (pause !== null) {
      // The queue pauses briefly and then asks the gate again, which lets only the probe through when its
      // pause is over: a queue-wide pause as long as the probe's would outlive a close by another process.
      await deps.queue.rateLimit(Math.min(pause, deps.circuit.recheckMs));
      throw Worker.RateLimitError();
    }
    await deps.circuit.park(record.id);
    const backoff = cappedBackoff(attempts, 1_000, deps.config.retry.maxDelayMs);
    log.warn({ error: error.message, retryInMs: backoff }, 'Jenkins call failed; retrying this promotion');
    return parkUntil(job, token, now() + backoff);
  }
}

/** A call succeeded: the circuit closes, and what it had paused or parked goes on at once. */
export async function releaseParked(
  deps: Pick<DispatcherDeps, 'circuit' | 'queue' | 'logger'>,
): Promise<void> {
  const { wasOpen, parked } = await deps.circuit.success();
  if (wasOpen) await deps.queue.removeRateLimitKey();
  for (const id of parked) {
    const job = await deps.queue.getJob(id);
    // Only a job still waiting out its backoff is moved; one that is running or done is left alone.
    await job?.promote().catch(() => undefined);
  }
  if (parked.length > 0) deps.logger.info({ released: parked.length }, 'parked promotions released');
}
