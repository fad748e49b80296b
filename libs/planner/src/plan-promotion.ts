import type { Queue } from 'bullmq';
import { isNewer, sameContent, type LatestPointer } from '@auto-promote/domain';
import type { GitLabClient } from '@auto-promote/gitlab';
import type { Logger } from '@auto-promote/observability';
import { PROMOTION_JOB_OPTIONS, type PromotionJobData, type PushEventJobData } from '@auto-promote/queues';
import type { ClaimJudgement, LatestPointers, PromotionTransitions } from '@auto-promote/records';
import type { AppTrees } from './app-trees';
import type { PromotionPreview } from './preview-push';

export interface PromotionPlanningDeps {
  gitlab: GitLabClient;
  project: string | number;
  transitions: PromotionTransitions;
  latest: LatestPointers;
  promotionsQueue: Queue<PromotionJobData>;
}

export type PromotionOutcome = { status: 'planned' } | { status: 'skipped' | 'superseded'; reason: string };

/** What one push's apps share while they are planned: its data, log, tree reads and branch head. */
export interface PushContext {
  data: PushEventJobData;
  log: Logger;
  appTrees: AppTrees;
  /** The branch head, asked at most once per push and only when a pointer has to be compared. */
  head: () => Promise<string | null>;
}

/**
 * One app's promotion: its record and job, unless it is already under way, skipped (opted out, removed, or
 * its app content is the same as that of the latest promotion still planned, in flight or succeeded —
 * whatever path planned it), or a newer commit of the same app and target was planned first ("latest
 * wins"). When it is the newest, the older one still waiting for Jenkins is superseded. Every status goes
 * through the lifecycle (`transitions`); a retry after a crash redoes nothing that was done.
 */
export async function planPromotion(
  planned: PromotionPreview,
  context: PushContext,
  deps: PromotionPlanningDeps,
): Promise<PromotionOutcome> {
  const { data, log } = context;
  const { id, app, appName, sourceEnv, targetEnv, sha } = planned;
  const base = {
    id,
    app,
    appName,
    sourceEnv,
    targetEnv,
    sha,
    eventId: data.eventId,
    source: data.source,
    delivery: data.delivery ?? null,
  };
  const pushOrder = data.pushOrder ?? null;
  if (planned.outcome === 'recorded') {
    if (planned.record.status !== 'planned') return { status: 'planned' }; // under way already
    await addJob(deps, planned);
    return { status: 'planned' };
  }
  const record = { ...base, pushOrder, imageTag: planned.imageTag };
  if (planned.outcome === 'skip') {
    await deps.transitions.record({ ...record, status: 'skipped', reason: planned.reason });
    log.info({ promotionId: id, reason: planned.reason }, 'promotion skipped');
    return { status: 'skipped', reason: planned.reason };
  }

  let candidateTree: string | null = null;
  const judge = async (current: LatestPointer): Promise<ClaimJudgement> => {
    if (data.force) return { kind: 'newer' };
    // A push moved the branch from `before` to `after`: a promotion at `before` is older by definition.
    const pushed = data.onlyApps === undefined && current.sha === data.before;
    const newer =
      pushed ||
      (await isNewer({ sha, pushOrder }, current, await context.head(), (a, d) =>
        deps.gitlab.isAncestor(deps.project, a, d),
      ));
    if (!newer) return current.sha === sha ? { kind: 'same-content' } : { kind: 'older' };
    const content = await sameContent(
      current,
      { sha, before: data.onlyApps === undefined ? data.before : null },
      async (at) => (await context.appTrees.ids(at)).get(app) ?? null,
    );
    candidateTree = content.candidateTree;
    return content.same ? { kind: 'same-content' } : { kind: 'newer' };
  };
  const pointer = (): LatestPointer => ({ id, sha, pushOrder, tree: candidateTree });
  const claim = await deps.latest.claim(targetEnv, app, { id, pointer }, judge);
  if (claim.kind === 'older') {
    const reason = `a newer commit of ${app} (${claim.newer.sha.slice(0, 8)}) was planned for ${targetEnv} first`;
    await deps.transitions.record({ ...record, status: 'superseded', supersededBy: claim.newer.id, reason });
    log.info({ promotionId: id, supersededBy: claim.newer.id }, 'promotion superseded on arrival');
    return { status: 'superseded', reason };
  }
  if (claim.kind === 'unchanged') {
    const reason = `${app} is unchanged since ${claim.holder.id}`;
    await deps.transitions.record({ ...record, status: 'skipped', reason });
    log.info({ promotionId: id, unchangedSince: claim.holder.id }, 'promotion skipped: same app content');
    return { status: 'skipped', reason };
  }
  if (claim.previous) {
    const reason = `superseded by a newer commit of ${app} for ${targetEnv}`;
    const ref = { id: claim.previous.id, app, targetEnv };
    const result = await deps.transitions.apply(ref, { kind: 'supersede', by: id, reason });
    if (result.kind === 'applied')
      log.info({ promotionId: ref.id, supersededBy: id }, 'older promotion superseded');
  }
  await deps.transitions.record(record);
  await addJob(deps, planned);
  log.info({ promotionId: id, app, targetEnv }, 'promotion planned');
  return { status: 'planned' };
}

async function addJob(deps: PromotionPlanningDeps, planned: PromotionPreview): Promise<void> {
  await deps.promotionsQueue.add(
    'promote',
    { promotionId: planned.id, app: planned.app, targetEnv: planned.targetEnv },
    { ...PROMOTION_JOB_OPTIONS, jobId: planned.id },
  );
}
