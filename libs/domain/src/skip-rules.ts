import { targetFor, type PromotionMap } from './promotion-map';
import { isZeroSha } from './sha';

/** Why a whole push promotes nothing. */
export interface PushSkip {
  code: 'no-target' | 'branch-deleted' | 'branch-created';
  reason: string;
}

/** The push fields the skip rules look at. */
export interface PushRef {
  branch: string;
  before: string;
  after: string;
}

/**
 * Why a push promotes nothing, or null when it should be planned. Checked in this order: the branch has no
 * promotion target (`'prod' has no promotion target`), the branch was deleted (zero after), the branch was
 * created (zero before: GitLab's compare from zeros is silently empty, so there is nothing reliable to compare).
 */
export function pushSkipReason(push: PushRef, map: PromotionMap): PushSkip | null {
  if (targetFor(map, push.branch) === null) {
    return { code: 'no-target', reason: `'${push.branch}' has no promotion target` };
  }
  if (isZeroSha(push.after)) return { code: 'branch-deleted', reason: 'branch deleted: nothing to promote' };
  if (isZeroSha(push.before)) return { code: 'branch-created', reason: 'branch created: nothing to compare' };
  return null;
}
