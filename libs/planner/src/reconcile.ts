import { eventId, sourceBranches } from '@auto-promote/domain';
import type { Config } from '@auto-promote/config';
import type { GitLabClient } from '@auto-promote/gitlab';
import type { Logger, Metrics } from '@auto-promote/observability';
import type { EnqueueOutcome, PushEventProducer } from '@auto-promote/queues';
import { refreshOpenMergeRequestsQuietly, type MergeRequestRefreshDeps } from './merge-request-refresh';
import type { PlannedHeads } from './planned-heads';

export interface ReconcileDeps {
  config: Pick<Config, 'gitlab' | 'promotion'>;
  gitlab: GitLabClient;
  plannedHeads: PlannedHeads;
  producer: PushEventProducer;
  logger: Logger;
  /** Counts every push planned here because its webhook never came (auto_promote_missed_webhooks_total). */
  metrics?: Pick<Metrics, 'missedWebhooks'>;
  /** Also refreshes the merge requests recorded open, per target (issue 17); absent = off. */
  mergeRequests?: MergeRequestRefreshDeps;
}

export type ReconcileOutcome = 'first-look' | 'up-to-date' | 'missing-branch' | EnqueueOutcome;

/**
 * The missed-webhook backstop: for each source branch, if GitLab's head moved past the last head
 * planned, plan that range as if its push had arrived. The first look only records heads, so starting
 * the service never promotes anything by itself. The event identity is the usual one, so a range
 * whose webhook is merely queued is a duplicate, not a second plan.
 */
export async function reconcile(deps: ReconcileDeps): Promise<Record<string, ReconcileOutcome>> {
  const project = await deps.gitlab.project(deps.config.gitlab.project);
  const outcomes: Record<string, ReconcileOutcome> = {};
  for (const branch of sourceBranches(deps.config.promotion.map)) {
    const head = await deps.gitlab.branchHead(project.id, branch);
    if (head === null) {
      outcomes[branch] = 'missing-branch';
      continue;
    }
    const planned = await deps.plannedHeads.get(branch);
    if (planned === null) {
      await deps.plannedHeads.setIfAbsent(branch, head);
      outcomes[branch] = 'first-look';
      continue;
    }
    if (planned === head) {
      outcomes[branch] = 'up-to-date';
      continue;
    }
    const ref = `refs/heads/${branch}`;
    const id = eventId({ projectId: project.id, ref, before: planned, after: head });
    outcomes[branch] = await deps.producer.enqueue({
      eventId: id,
      source: 'reconcile',
      projectId: project.id,
      projectPath: project.pathWithNamespace,
      branch,
      before: planned,
      after: head,
      totalCommitsCount: 0,
      userUsername: null,
      receivedAt: new Date().toISOString(),
    });
    // A duplicate is a range whose webhook is queued but not planned yet: nothing was missed.
    const level = outcomes[branch] === 'queued' ? 'warn' : 'debug';
    if (outcomes[branch] === 'queued') deps.metrics?.missedWebhooks.inc({ branch });
    deps.logger[level](
      { eventId: id, branch, before: planned, after: head, outcome: outcomes[branch] },
      'branch moved without a planned push: planning the range (missed webhook?)',
    );
  }
  if (deps.mergeRequests)
    await refreshOpenMergeRequestsQuietly(deps.mergeRequests, [
      ...new Set(deps.config.promotion.map.values()),
    ]);
  return outcomes;
}
