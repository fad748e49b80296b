import { blockedReason, blockMark } from '@auto-promote/domain';
import type { PromotionRecord } from '@auto-promote/records';
import type { DispatcherDeps } from './dispatcher-deps';

/**
 * A planned promotion whose version was blocked after it was planned — waiting on a freeze, on Jenkins or
 * simply queued — is not triggered: it ends `skipped` with the block's reason (`block`). Asked of Redis on
 * every run, before any freeze wait or intent (one HMGET). The job of an operator's `promote --force`
 * (`force` in its data) passes. Returns the record to go on with, or null when it ended here.
 */
export async function passBlock(
  record: PromotionRecord,
  force: boolean,
  deps: Pick<DispatcherDeps, 'blocks' | 'transitions' | 'logger'>,
): Promise<PromotionRecord | null> {
  // Forced, or it may be in Jenkins already (then it is followed, never skipped).
  if (force || record.triggerIntentAt !== null) return record;
  const block = await deps.blocks.blocking(record);
  if (!block) return record;
  const result = await deps.transitions.apply(record, {
    kind: 'block',
    block: blockMark(block),
    reason: blockedReason(block),
  });
  if (result.kind === 'refused') return result.record.status === 'planned' ? result.record : null;
  deps.logger.info(
    { promotionId: record.id, blockId: block.id, by: block.by },
    'version blocked: promotion skipped',
  );
  return null;
}
