import {
  mayCloseSuperseded,
  mergeRequestChanged,
  recordedMergeRequest,
  vanishedMergeRequest,
  type PromotionMergeRequest,
} from '@auto-promote/domain';
import type { PromotionRecord } from '@auto-promote/records';
import type { MergeRequestDeps } from './merge-request-deps';

/** How many open merge requests of one target are looked at for superseding (the index's oldest first). */
const MAX_OPEN_LOOKED_AT = 200;

/**
 * GITLAB_CLOSE_SUPERSEDED_MRS: `newer` has its open merge request, so the older open ones of the same app
 * and target are closed, each with a note linking the newer — never a merged one, never one a human
 * committed to (see `mayCloseSuperseded`); what was done or why not is recorded on the older promotion.
 * A GitLab failure leaves the older one as it is (logged): superseding is a courtesy, never a reason to
 * fail the newer promotion.
 */
export async function closeSupersededMergeRequests(
  deps: MergeRequestDeps,
  newer: PromotionRecord,
): Promise<void> {
  const mine = newer.mergeRequest;
  if (mine?.iid == null) return;
  const openedAt = Date.parse(mine.openedAt ?? '');
  const ids = await deps.recorder.index.list(newer.targetEnv, MAX_OPEN_LOOKED_AT);
  for (const id of ids) {
    if (id === newer.id) continue;
    const older = await deps.recorder.transitions.store.get(id);
    if (older === null || older.mergeRequest?.state !== 'opened') {
      await deps.recorder.index.remove(newer.targetEnv, id);
      continue;
    }
    if (older.app !== newer.app) continue;
    if (!(Date.parse(older.mergeRequest.openedAt ?? '') < openedAt)) continue;
    try {
      await closeOne(deps, older, older.mergeRequest, newer, mine);
    } catch (error) {
      deps.logger.warn(
        { promotionId: older.id, newer: newer.id, error: (error as Error).message },
        'could not close the superseded merge request; left open',
      );
    }
  }
}

async function closeOne(
  deps: MergeRequestDeps,
  older: PromotionRecord,
  recorded: PromotionMergeRequest,
  newer: PromotionRecord,
  mine: PromotionMergeRequest,
): Promise<void> {
  const project = deps.config.gitlab.project;
  const iid = recorded.iid ?? 0;
  const now = await deps.gitlab.mergeRequest(project, iid);
  if (now === null) {
    await deps.recorder.record(older, vanishedMergeRequest(recorded));
    return;
  }
  const commits = now.state === 'opened' ? await deps.gitlab.mergeRequestCommits(project, iid) : [];
  // GitLab lists the commits newest first: the oldest is the job's own, which opened the merge request.
  const first = commits[commits.length - 1];
  const decision = mayCloseSuperseded({
    older: recorded,
    currentState: now.state,
    commits,
    botAuthors: [first?.authorEmail, first?.authorName].filter((a): a is string => Boolean(a)),
    skewMs: 60_000,
  });
  const link = `!${mine.iid}${mine.url ? ` (${mine.url})` : ''}`;
  if (!decision.close) {
    const reason = `not closed when superseded by ${link}: ${decision.reason}`;
    if (now.state !== 'opened' || mergeRequestChanged(recorded, now))
      await deps.recorder.record(older, recordedMergeRequest(now, recorded.reason));
    else await deps.recorder.record(older, { ...recorded, reason });
    deps.logger.info({ promotionId: older.id, mergeRequest: iid, reason }, 'superseded merge request left');
    return;
  }
  await deps.gitlab.createMergeRequestNote(
    project,
    iid,
    `Superseded by ${link}: a newer promotion of ${newer.app} to ${newer.targetEnv} (auto-promote promotion \`${newer.id}\`). Closed by auto-promote.`,
  );
  const closed = await deps.gitlab.closeMergeRequest(project, iid);
  await deps.recorder.record(
    older,
    recordedMergeRequest(closed, `superseded by ${link} (promotion ${newer.id})`),
  );
  deps.logger.info(
    { promotionId: older.id, mergeRequest: iid, newer: newer.id },
    'superseded merge request closed',
  );
}
