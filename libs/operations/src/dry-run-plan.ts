import type { Config } from '@auto-promote/config';
import { eventId } from '@auto-promote/domain';
import type { GitLabClient } from '@auto-promote/gitlab';
import { previewPush, type PushPreview } from '@auto-promote/planner';
import type { PromotionStore } from '@auto-promote/records';
import { resolvePush, type ResolvedPush } from './resolve-push';

export interface DryRunPlan {
  push: ResolvedPush;
  /** The event id the webhook of this range has. */
  eventId: string;
  preview: PushPreview;
}

/**
 * What the planner would make of a push, through the planner's own `previewPush`: apps, APP_NAME,
 * IMAGE_TAG, skips and their reasons. Reads GitLab and the existing records; writes nothing anywhere.
 */
export async function dryRunPlan(
  deps: {
    config: Pick<Config, 'gitlab' | 'promotion'>;
    gitlab: GitLabClient;
    promotions: Pick<PromotionStore, 'get'>;
  },
  input: { ref: string; before: string; after?: string },
): Promise<DryRunPlan> {
  const push = await resolvePush(deps.gitlab, deps.config, input);
  const id = eventId({
    projectId: push.projectId,
    ref: `refs/heads/${push.branch}`,
    before: push.before,
    after: push.after,
  });
  const preview = await previewPush(
    { eventId: id, projectId: push.projectId, branch: push.branch, before: push.before, after: push.after },
    deps,
  );
  return { push, eventId: id, preview };
}
