import type { Config } from '@auto-promote/config';
import { planPush, type PlannedPromotion, type PushSkip, type RejectedApp } from '@auto-promote/domain';
import type { ChangedPath, GitLabClient } from '@auto-promote/gitlab';
import type { Logger } from '@auto-promote/observability';
import type { PushEventJobData } from '@auto-promote/queues';
import type { PromotionRecord, PromotionStore } from '@auto-promote/records';
import { collectChanges } from './changed-apps-source';
import { optedOutApps } from './commit-skip-rules';
import { readImageTag } from './image-tag-reader';

/** Apps of one push whose records and image tags are read at the same time. */
const LOOKUPS_IN_FLIGHT = 8;

/** The push fields a preview needs. */
export type PushToPreview = Pick<
  PushEventJobData,
  'eventId' | 'projectId' | 'branch' | 'before' | 'after' | 'onlyApps'
>;

export interface PreviewDeps {
  config: Pick<Config, 'gitlab' | 'promotion'>;
  gitlab: GitLabClient;
  /** Read only: a promotion that is already recorded is not looked at again. */
  promotions: Pick<PromotionStore, 'get'>;
  logger?: Logger;
  /** The branch's last planned head: where a push whose `before` GitLab does not know is planned from. */
  plannedHead?: (branch: string) => Promise<string | null>;
  /** Told the commits of the compared range (newest last), before any app is handed on: the chain of a change. */
  onRange?: (shas: string[]) => void;
}

/** What would happen to one app of a push. */
export type PromotionPreview = PlannedPromotion &
  (
    | { outcome: 'recorded'; record: PromotionRecord }
    | { outcome: 'skip'; reason: string; imageTag: string | null; removed?: true }
    | { outcome: 'promote'; imageTag: string | null }
  );

export type PushPreview =
  | { kind: 'skip'; code: PushSkip['code']; reason: string }
  | {
      kind: 'plan';
      sourceEnv: string;
      targetEnv: string;
      changes: ChangedPath[];
      /** GitLab truncated the compare and tree ids decided which apps changed. */
      usedTreeFallback: boolean;
      /** Where the range came from when GitLab did not know the push's `before`, and any planning step that degraded on a 404; null otherwise. */
      rangeNote: string | null;
      rejected: RejectedApp[];
      promotions: PromotionPreview[];
    };

/**
 * "What would be planned" for a push, with no side effect: the push skip rules, the changed apps (compare,
 * tree fallback), the commit skip rules, removed apps and image tags. Both the planner and the CLI's dry run
 * (`auto-promote plan`) go through here, so they cannot disagree. A manual promotion (`onlyApps`) names its
 * apps instead of comparing, and is not subject to the commit skip rules. `onPromotion` receives each app's
 * preview as soon as it is decided.
 */
export async function previewPush(
  data: PushToPreview,
  deps: PreviewDeps,
  onPromotion?: (preview: PromotionPreview) => Promise<void>,
): Promise<PushPreview> {
  const { config, gitlab } = deps;
  const project = config.gitlab.project;
  const { appsDir, appNameStyle, map: promotionMap } = config.promotion;

  // Skips are decided before any GitLab call.
  const early = planPush({ event: data, promotionMap, changes: [], appsDir, appNameStyle });
  if (early.kind === 'skip') return early;

  const manual = data.onlyApps !== undefined;
  const collected = manual
    ? {
        // A path inside each app directory is all the domain needs to name the app.
        changes: (data.onlyApps ?? []).map((app) => {
          const path = `${appsDir}/${app}/`;
          return { oldPath: path, newPath: path, newFile: false, deleted: false };
        }),
        commits: [],
        usedTreeFallback: false,
        rangeNote: null,
      }
    : await collectChanges(gitlab, project, appsDir, data.before, data.after, {
        plannedHead: () => deps.plannedHead?.(data.branch) ?? Promise.resolve(null),
        targetBranch: early.targetEnv,
      }).then((c) => ({
        changes: c.changes,
        commits: c.compare.commits,
        usedTreeFallback: c.usedTreeFallback,
        rangeNote: c.rangeNote,
      }));
  deps.onRange?.(collected.commits.map((c) => c.id));
  const plan = planPush({ event: data, promotionMap, changes: collected.changes, appsDir, appNameStyle });
  if (plan.kind === 'skip') throw new Error(`unreachable: push skipped after compare (${plan.reason})`);

  const optedOut = manual
    ? { reasons: new Map<string, string>(), degraded: null }
    : await optedOutApps(
        gitlab,
        project,
        appsDir,
        collected.commits,
        plan.promotions.map((p) => p.app),
      );

  // Apps are looked up a few at a time, so their GitLab reads overlap, and handed on in order as soon as
  // each is decided, so the planner's first job can start while later apps are looked at.
  const lookups: Array<Promise<PromotionPreview>> = [];
  const lookUp = (index: number): void => {
    const planned = plan.promotions[index];
    if (!planned) return;
    const lookup = previewPromotion(
      planned,
      optedOut.reasons.get(planned.app),
      data,
      collected.changes,
      deps,
    );
    lookup.catch(() => undefined); // rethrown when its turn comes; not unhandled meanwhile
    lookups[index] = lookup;
  };
  for (let i = 0; i < LOOKUPS_IN_FLIGHT; i += 1) lookUp(i);
  const promotions: PromotionPreview[] = [];
  for (let i = 0; i < plan.promotions.length; i += 1) {
    const preview = await lookups[i]!;
    lookUp(i + LOOKUPS_IN_FLIGHT);
    promotions.push(preview);
    await onPromotion?.(preview);
  }
  return {
    kind: 'plan',
    sourceEnv: plan.sourceEnv,
    targetEnv: plan.targetEnv,
    changes: collected.changes,
    usedTreeFallback: collected.usedTreeFallback,
    rangeNote: [collected.rangeNote, optedOut.degraded].filter((n) => n !== null).join('; ') || null,
    rejected: plan.rejected,
    promotions,
  };
}

/** One app: already recorded (nothing is looked up again), skipped (opted out, or removed), or promoted. */
async function previewPromotion(
  planned: PlannedPromotion,
  optOut: string | undefined,
  data: PushToPreview,
  changes: readonly ChangedPath[],
  deps: PreviewDeps,
): Promise<PromotionPreview> {
  const record = await deps.promotions.get(planned.id);
  if (record) return { ...planned, outcome: 'recorded', record };
  if (optOut !== undefined) return { ...planned, outcome: 'skip', reason: optOut, imageTag: null };
  const found = await lookUpImage(deps, planned.app, data, changes);
  if (found.removed) {
    const reason = `app '${planned.app}' was removed from '${data.branch}'`;
    return { ...planned, outcome: 'skip', reason, imageTag: null, removed: true };
  }
  return { ...planned, outcome: 'promote', imageTag: found.imageTag };
}

/**
 * IMAGE_TAG for an app at the pushed commit (IMAGE_TAG_SOURCE=manifest), and whether the push removed
 * the app from the branch — a removal is never promoted.
 */
async function lookUpImage(
  deps: PreviewDeps,
  app: string,
  data: PushToPreview,
  changes: readonly ChangedPath[],
): Promise<{ imageTag: string | null; removed: boolean }> {
  const { gitlab, config } = deps;
  const project = config.gitlab.project;
  const { appsDir } = config.promotion;
  if (config.promotion.imageTagSource === 'manifest') {
    const lookup = await readImageTag(gitlab, project, appsDir, app, data.after, changes);
    if (lookup.kind === 'none') {
      deps.logger?.warn(
        { eventId: data.eventId, app },
        'no image found in the manifests; IMAGE_TAG will be empty',
      );
    }
    return { imageTag: lookup.kind === 'found' ? lookup.tag : null, removed: lookup.kind === 'app-removed' };
  }
  const onlyDeletions = changes
    .filter((c) => c.oldPath.startsWith(`${appsDir}/${app}/`))
    .every((c) => c.deleted);
  const removed = onlyDeletions && (await gitlab.tree(project, `${appsDir}/${app}`, data.after)) === null;
  return { imageTag: null, removed };
}
