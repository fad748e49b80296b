import type { Config } from '@auto-promote/config';
import {
  blockedReason,
  describeBlocked,
  eventId,
  isSafeAppName,
  promotionId,
  toAppName,
  targetFor,
  type VersionBlock,
} from '@auto-promote/domain';
import type { GitLabClient } from '@auto-promote/gitlab';
import type { EnqueueOutcome, PushEventProducer } from '@auto-promote/queues';
import type { BlockStore, PromotionRecord, PromotionStore } from '@auto-promote/records';
import type { PreviewPush } from './dry-run-plan';
import { OperationError } from './errors/operation-error';
import { UsageError } from './errors/usage-error';
import { branchOf } from './resolve-push';

export interface ManualPromotionResult {
  promotionId: string;
  eventId: string | null;
  app: string;
  sourceEnv: string;
  targetEnv: string;
  sha: string;
  /** `exists`: a promotion of this app and commit is already recorded, so nothing was queued. */
  outcome: EnqueueOutcome | 'exists';
  existing: PromotionRecord | null;
}

/**
 * Promotes exactly one app at a commit of a source branch (default: its head) to that branch's target,
 * recorded with source `manual`. It goes through the planner like any push, so "latest wins" and the
 * promotion's identity still hold: a promotion that already exists is reported, not repeated (see `retry`).
 * `force` plans it even past a newer promotion or one with the same app content, and past a block.
 *
 * A blocked version (its commit, or the image tag the planner would send) is refused without `force`, and
 * nothing is queued. A promotion a block once skipped is sent again — once the block is lifted, or forced.
 */
export async function promoteApp(
  deps: {
    config: Pick<Config, 'gitlab' | 'promotion'>;
    gitlab: GitLabClient;
    producer: PushEventProducer;
    promotions: Pick<PromotionStore, 'get'>;
    /** Quarantined versions, and the planner's preview (for the image tag a block may name). */
    blocks?: Pick<BlockStore, 'blocking'>;
    previewPush?: PreviewPush;
    clock?: () => Date;
  },
  input: { app: string; from: string; sha?: string; force?: boolean; user?: string | null },
): Promise<ManualPromotionResult> {
  const { config, gitlab } = deps;
  const sourceEnv = branchOf(input.from);
  const targetEnv = targetFor(config.promotion.map, sourceEnv);
  if (targetEnv === null) throw new UsageError(`'${sourceEnv}' has no promotion target in PROMOTION_MAP`);
  const appName = toAppName(input.app, config.promotion.appNameStyle);
  if (!isSafeAppName(input.app) || !isSafeAppName(appName))
    throw new UsageError(`'${input.app}' is not a safe app name (^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$)`);
  const project = await gitlab.project(config.gitlab.project);
  const head = await gitlab.branchHead(project.id, sourceEnv);
  if (head === null)
    throw new OperationError(`branch '${sourceEnv}' does not exist in ${project.pathWithNamespace}`);
  const sha = input.sha === undefined ? head : await gitlab.commitSha(project.id, input.sha);
  if (sha === null)
    throw new OperationError(`'${input.sha}' is not a commit of ${project.pathWithNamespace}`);
  if (sha !== head && !(await gitlab.isAncestor(project.id, sha, head)))
    throw new UsageError(
      `${sha.slice(0, 8)} is not on '${sourceEnv}': only commits of the source branch are promoted`,
    );
  const dir = `${config.promotion.appsDir}/${input.app}`;
  if ((await gitlab.tree(project.id, dir, sha)) === null)
    throw new OperationError(`there is no ${dir} on '${sourceEnv}' at ${sha.slice(0, 8)}`);

  const id = promotionId({ app: input.app, sourceEnv, targetEnv, sha });
  const base = { promotionId: id, app: input.app, sourceEnv, targetEnv, sha };
  const existing = await deps.promotions.get(id);
  const resend = existing?.status === 'skipped' && (existing.blockedBy ?? null) !== null;
  if (existing && !resend) return { ...base, eventId: null, outcome: 'exists', existing };
  if (!input.force) {
    const imageTag = existing
      ? existing.imageTag
      : await imageTagOf(deps, project.id, sourceEnv, input.app, sha);
    const block = await deps.blocks?.blocking({ app: input.app, targetEnv, imageTag, sha });
    if (block) throw blockedError(block);
  }
  const receivedAt = (deps.clock?.() ?? new Date()).toISOString();
  const ref = `refs/heads/${sourceEnv}`;
  const event = eventId({
    projectId: project.id,
    ref,
    before: sha,
    after: sha,
    // Sending a blocked promotion again is an event of its own, never a redelivery of the first.
    discriminator: resend ? `manual:${input.app}@${receivedAt}` : `manual:${input.app}`,
  });
  const outcome = await deps.producer.enqueue({
    eventId: event,
    source: 'manual',
    projectId: project.id,
    projectPath: project.pathWithNamespace,
    branch: sourceEnv,
    before: sha,
    after: sha,
    totalCommitsCount: 0,
    userUsername: input.user ?? null,
    receivedAt,
    onlyApps: [input.app],
    ...(input.force ? { force: true } : {}),
  });
  return { ...base, eventId: event, outcome, existing: null };
}

/** The IMAGE_TAG the planner would send for the app at `sha`, through its own preview; null when unknown. */
async function imageTagOf(
  deps: Parameters<typeof promoteApp>[0],
  projectId: number,
  branch: string,
  app: string,
  sha: string,
): Promise<string | null> {
  if (!deps.previewPush) return null;
  const preview = await deps.previewPush(
    { eventId: `preview:${app}`, projectId, branch, before: sha, after: sha, onlyApps: [app] },
    deps,
  );
  const entry = preview.kind === 'plan' ? preview.promotions[0] : undefined;
  if (!entry || entry.outcome === 'skip') return null;
  return entry.outcome === 'recorded' ? entry.record.imageTag : entry.imageTag;
}

function blockedError(block: VersionBlock): OperationError {
  return new OperationError(
    `${describeBlocked(block)} is ${blockedReason(block)} [block ${block.id}]: nothing was queued. ` +
      `Lift it with \`auto-promote unblock --id ${block.id}\`, or promote past it with --force.`,
  );
}
