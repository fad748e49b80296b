import { DelayedError, type Job } from 'bullmq';
import type { FrozenMark, PromotionRecord, PromotionStatus } from '@auto-promote/records';
import type { PromotionJobData } from '@auto-promote/queues';
import type { DispatcherDeps } from './trigger-promotion';

/** How often a promotion held back by a freeze looks at the freeze again (an expiry sooner is met exactly). */
export const FREEZE_RECHECK_MS = 5_000;

export type FreezeGate = { pass: true; record: PromotionRecord } | { pass: false; status: PromotionStatus };

/**
 * Holds a promotion back while its target is frozen, without a busy loop and without holding a worker:
 * the job is parked in the delayed set until the next look (or the freeze's expiry, if sooner), and the
 * record shows `frozen`. Only this target waits; the others keep flowing. Once the freeze is over the mark is
 * cleared and JENKINS_RETRY_HORIZON starts again, so the wait is never taken for Jenkins being down.
 */
export async function passFreeze(
  job: Job<PromotionJobData>,
  token: string | undefined,
  record: PromotionRecord,
  deps: Pick<DispatcherDeps, 'freezes' | 'promotions' | 'logger' | 'notifyFeedback' | 'freezeRecheckMs'>,
  now: number,
): Promise<FreezeGate> {
  const log = deps.logger.child({ promotionId: record.id, targetEnv: record.targetEnv });
  const freeze = await deps.freezes.get(record.targetEnv);
  const held = record.frozen ?? null;
  if (freeze) {
    if (!held || held.reason !== freeze.reason || held.until !== freeze.until) {
      const mark: FrozenMark = {
        reason: freeze.reason,
        until: freeze.until,
        since: held?.since ?? new Date(now).toISOString(),
      };
      const result = await deps.promotions.update(record.id, { frozen: mark }, ['planned']);
      if (result.kind !== 'updated') return { pass: false, status: gone(result) };
      log.info({ reason: freeze.reason, until: freeze.until }, 'target frozen: promotion held back');
      await deps.notifyFeedback?.(record.eventId);
    }
    const untilMs = freeze.until === null ? Infinity : Date.parse(freeze.until) - now;
    const wait = Math.max(10, Math.min(deps.freezeRecheckMs ?? FREEZE_RECHECK_MS, untilMs));
    await job.moveToDelayed(now + wait, token);
    throw new DelayedError();
  }
  if (!held) return { pass: true, record };
  const result = await deps.promotions.update(
    record.id,
    { frozen: null, retryHorizonFrom: new Date(now).toISOString() },
    ['planned'],
  );
  if (result.kind !== 'updated') return { pass: false, status: gone(result) };
  log.info({ heldSince: held.since }, 'freeze over: promotion goes ahead');
  return { pass: true, record: result.record };
}

function gone(
  result: { kind: 'not-allowed'; record: PromotionRecord } | { kind: 'missing' },
): PromotionStatus {
  return result.kind === 'not-allowed' ? result.record.status : 'abandoned';
}
