import type { Queue } from 'bullmq';
import { parseDuration, type Config } from '@auto-promote/config';
import type { PromotionJobData } from '@auto-promote/queues';
import type { Freeze, FreezeStore, PromotionStore } from '@auto-promote/records';
import { UsageError } from './errors/usage-error';

/** `--until`: an ISO time, or a duration from now such as `2h`, `90m`, `1d`. Returns an ISO time. */
export function parseUntil(text: string, now: Date): string {
  const trimmed = text.trim();
  const duration = /^\d/.test(trimmed) && !/[-:T]/.test(trimmed) ? parseDuration(trimmed) : null;
  const at = duration !== null ? now.getTime() + duration : Date.parse(trimmed);
  if (Number.isNaN(at))
    throw new UsageError(`--until must be an ISO time or a duration such as 2h, got '${text}'`);
  if (at <= now.getTime()) throw new UsageError(`--until ${text} is not in the future`);
  return new Date(at).toISOString();
}

/** The branches promotions go to; only these can be frozen. */
export function promotionTargets(config: Pick<Config, 'promotion'>): string[] {
  return [...new Set(config.promotion.map.values())];
}

function assertTarget(config: Pick<Config, 'promotion'>, target: string): void {
  const targets = promotionTargets(config);
  if (!targets.includes(target))
    throw new UsageError(`'${target}' is not a promotion target (targets: ${targets.join(', ')})`);
}

/** Freezes promotions into `target` (replacing an existing freeze's reason and end). */
export async function freezeTarget(
  deps: { config: Pick<Config, 'promotion'>; freezes: FreezeStore; clock?: () => Date },
  input: { target: string; reason: string; until?: string; by?: string | null },
): Promise<Freeze> {
  assertTarget(deps.config, input.target);
  if (input.reason.trim() === '')
    throw new UsageError('--reason must say why (it is shown with every held promotion)');
  if (input.by !== undefined && input.by !== null && input.by.trim() === '')
    throw new UsageError('--by must name who owns the freeze');
  const now = deps.clock?.() ?? new Date();
  return deps.freezes.freeze({
    target: input.target,
    reason: input.reason.trim(),
    until: input.until === undefined ? null : parseUntil(input.until, now),
    by: input.by?.trim() ?? null,
  });
}

export interface UnfreezeResult {
  /** The freeze that was lifted; null when the target was not frozen. */
  lifted: Freeze | null;
  /** Held promotions moved from their wait straight back to the queue. */
  released: number;
}

/**
 * Lifts a freeze. Held promotions would go at their next look anyway (within a few seconds); they are
 * released at once so an unfreeze takes effect immediately.
 */
export async function unfreezeTarget(
  deps: {
    config: Pick<Config, 'promotion'>;
    freezes: FreezeStore;
    promotions: PromotionStore;
    promotionsQueue: Queue<PromotionJobData>;
  },
  target: string,
): Promise<UnfreezeResult> {
  assertTarget(deps.config, target);
  const lifted = await deps.freezes.unfreeze(target);
  let released = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.promotions.list({ target, status: 'planned', limit: 200, cursor });
    for (const record of page.items) {
      if ((record.frozen ?? null) === null) continue;
      const job = await deps.promotionsQueue.getJob(record.id);
      if (!job || (await job.getState()) !== 'delayed') continue;
      // A job another process just took is simply left to it.
      if (
        await job.promote().then(
          () => true,
          () => false,
        )
      )
        released += 1;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return { lifted, released };
}
