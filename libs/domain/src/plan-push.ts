import { isSafeAppName, toAppName, type AppNameStyle } from './app-name';
import { changedApps, type RejectedApp } from './changed-apps';
import type { ChangedPath } from './changed-path';
import { promotionId } from './promotion-id';
import { targetFor, type PromotionMap } from './promotion-map';
import { pushSkipReason, type PushSkip } from './skip-rules';

/** Everything the planner knows about a push before it looks at image tags. */
export interface PlanPushInput {
  event: { projectId: number; branch: string; before: string; after: string; eventId: string };
  promotionMap: PromotionMap;
  /** The before..after diff of the push. */
  changes: readonly ChangedPath[];
  appsDir: string;
  appNameStyle: AppNameStyle;
}

/** One promotion to make: an app at the pushed sha, from the pushed branch to its target. */
export interface PlannedPromotion {
  id: string;
  /** The directory name under APPS_DIR. */
  app: string;
  /** APP_NAME for Jenkins, after APP_NAME_STYLE. */
  appName: string;
  sourceEnv: string;
  targetEnv: string;
  sha: string;
}

/** The outcome of planning one push. Image tags are added later by the I/O layer. */
export type PushPlan =
  | { kind: 'skip'; code: PushSkip['code']; reason: string }
  | {
      kind: 'plan';
      eventId: string;
      sourceEnv: string;
      targetEnv: string;
      /** One per changed safe app, sorted by app. May be empty when no app changed. */
      promotions: PlannedPromotion[];
      /** Changed directories that will not be promoted, and why. */
      rejected: RejectedApp[];
    };

/**
 * Plans a push: skips it (no target, branch created or deleted) or lists one promotion per changed app.
 * A directory whose name or APP_NAME (after kebab-casing) is not a safe app name goes to `rejected`.
 */
export function planPush(input: PlanPushInput): PushPlan {
  const { event, promotionMap } = input;
  const skip = pushSkipReason(event, promotionMap);
  const targetEnv = targetFor(promotionMap, event.branch);
  if (skip !== null || targetEnv === null) {
    return { kind: 'skip', code: skip?.code ?? 'no-target', reason: skip?.reason ?? 'no promotion target' };
  }
  const sourceEnv = event.branch;
  const sha = event.after.toLowerCase();
  const { apps, rejected } = changedApps(input.changes, input.appsDir);
  const promotions: PlannedPromotion[] = [];
  const rejectedAll = [...rejected];
  for (const app of apps) {
    const appName = toAppName(app, input.appNameStyle);
    if (!isSafeAppName(appName)) {
      rejectedAll.push({
        name: app,
        reason: `APP_NAME '${appName}' (${input.appNameStyle}) is not a safe app name`,
      });
      continue;
    }
    promotions.push({
      id: promotionId({ app, sourceEnv, targetEnv, sha }),
      app,
      appName,
      sourceEnv,
      targetEnv,
      sha,
    });
  }
  return { kind: 'plan', eventId: event.eventId, sourceEnv, targetEnv, promotions, rejected: rejectedAll };
}
