import type { Job } from 'bullmq';
import type { PromotionRecord } from '@auto-promote/records';
import type { DispatcherDeps } from './dispatcher-deps';
import { parkUntil } from './park';

/** How often a promotion held back by a freeze looks at the freeze again (an expiry sooner is met exactly). */
export const FREEZE_RECHECK_MS = 5_000;

/**
 * Holds a promotion back while its target is frozen — by an operator or by GitLab's Deploy Freeze calendar, the
 * same way (`deps.freezes` says which; when both hold, the one ending later), without a busy loop and without holding a worker:
 * the job is parked until the next look (or the freeze's expiry, if sooner), and the record is marked
 * (`hold`). Only this target waits. Once the freeze is over the mark is cleared (`release`) and
 * JENKINS_RETRY_HORIZON starts again. Returns the record to go on with, or null when it is no longer planned.
 */
export async function passFreeze(
  job: Job,
  token: string | undefined,
  record: PromotionRecord,
  deps: Pick<DispatcherDeps, 'freezes' | 'transitions' | 'logger' | 'freezeRecheckMs'>,
  now: number,
): Promise<PromotionRecord | null> {
  const log = deps.logger.child({ promotionId: record.id, targetEnv: record.targetEnv });
  const freeze = await deps.freezes.get(record.targetEnv, now);
  const held = record.frozen ?? null;
  if (freeze) {
    const kind = freeze.kind ?? 'operator';
    const by = kind === 'operator' ? (freeze.by ?? null) : null;
    const same =
      held !== null &&
      held.reason === freeze.reason &&
      held.until === freeze.until &&
      (held.kind ?? 'operator') === kind &&
      (held.by ?? null) === by;
    if (!same) {
      const since = held?.since ?? new Date(now).toISOString();
      const result = await deps.transitions.apply(record, {
        kind: 'hold',
        frozen: { kind, by, reason: freeze.reason, until: freeze.until, since },
      });
      if (result.kind !== 'applied') return null;
      log.info(
        { kind, by, reason: freeze.reason, until: freeze.until },
        'target frozen: promotion held back',
      );
    }
    const untilMs = freeze.until === null ? Infinity : Date.parse(freeze.until) - now;
    const wait = Math.max(10, Math.min(deps.freezeRecheckMs ?? FREEZE_RECHECK_MS, untilMs));
    return parkUntil(job, token, now + wait);
  }
  if (!held) return record;
  const result = await deps.transitions.apply(record, { kind: 'release', at: new Date(now).toISOString() });
  if (result.kind !== 'applied') return null;
  log.info({ heldSince: held.since }, 'freeze over: promotion goes ahead');
  return result.record;
}
