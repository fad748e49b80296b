import type { Config } from '@auto-promote/config';
import { eventId } from '@auto-promote/domain';
import type { GitLabClient } from '@auto-promote/gitlab';
import type { EnqueueOutcome, PushEventProducer } from '@auto-promote/queues';
import { resolvePush, type ResolvedPush } from './resolve-push';

export interface ReplayResult {
  push: ResolvedPush;
  eventId: string;
  outcome: EnqueueOutcome;
}

/**
 * Plans a push range again, as if its webhook had arrived (source `replay`), through the same producer as
 * the ingress. Each replay is an event of its own, so it is never mistaken for the webhook it stands in
 * for; promotions keep their ids, so apps already promoted are not promoted twice.
 */
export async function replayPush(
  deps: {
    config: Pick<Config, 'gitlab' | 'promotion'>;
    gitlab: GitLabClient;
    producer: PushEventProducer;
    clock?: () => Date;
  },
  input: { ref: string; before: string; after: string; user?: string | null },
): Promise<ReplayResult> {
  const push = await resolvePush(deps.gitlab, deps.config, input);
  const receivedAt = (deps.clock?.() ?? new Date()).toISOString();
  const id = eventId({
    projectId: push.projectId,
    ref: `refs/heads/${push.branch}`,
    before: push.before,
    after: push.after,
    discriminator: `replay@${receivedAt}`,
  });
  const outcome = await deps.producer.enqueue({
    eventId: id,
    source: 'replay',
    projectId: push.projectId,
    projectPath: push.projectPath,
    branch: push.branch,
    before: push.before,
    after: push.after,
    totalCommitsCount: 0,
    userUsername: input.user ?? null,
    receivedAt,
  });
  return { push, eventId: id, outcome };
}
