import type { PromotionMergeRequest } from '@auto-promote/domain';
import type { OpenMergeRequests } from './open-merge-requests';
import type { ApplyResult, PromotionRef } from './promotion-store';
import type { PromotionTransitions } from './promotion-transitions';

/**
 * Records what became of a promotion's merge request through the lifecycle (`merge-request`) and keeps
 * the index of open ones in step: entered before the record says `opened`, left after it says anything
 * else — so a crash in between leaves at most an entry the next refresh drops. The one place a merge
 * request's state is written: the dispatcher (found, none, superseded) and the planner (a push to the
 * target, the reconciler) both come through here.
 */
export class MergeRequestRecorder {
  constructor(
    readonly transitions: PromotionTransitions,
    readonly index: OpenMergeRequests,
  ) {}

  async record(
    ref: PromotionRef,
    mergeRequest: PromotionMergeRequest,
    now = Date.now(),
  ): Promise<ApplyResult> {
    const open = mergeRequest.state === 'opened';
    if (open) {
      const openedAt = Date.parse(mergeRequest.openedAt ?? '');
      await this.index.add(ref.targetEnv, ref.id, Number.isFinite(openedAt) ? openedAt : now);
    }
    const result = await this.transitions.apply(ref, { kind: 'merge-request', mergeRequest });
    if (!open) await this.index.remove(ref.targetEnv, ref.id);
    return result;
  }
}
