import type { Config } from '@auto-promote/config';
import { environmentOrder } from '@auto-promote/domain';
import { PROMOTION_STATUSES, type PromotionRecord, type PromotionStore } from '@auto-promote/records';
import {
  linkKey,
  type BoardLink,
  type BoardPromotion,
  type BoardRow,
  type BoardSnapshot,
} from '@auto-promote/board-view';
import type { EnvironmentStateStore } from './environment-state-store';
import { NO_BLOCKS, type BlockSource } from './block-source';
import type { FreezeSource } from './freeze-source';
import { hookAlert, type HookHealthSource } from './hook-alert';

export interface BoardDeps {
  config: Pick<Config, 'promotion'>;
  promotions: PromotionStore;
  environments: EnvironmentStateStore;
  freezes: FreezeSource;
  /** The reconciler's view of the GitLab hook; without it the board shows no hook banner. */
  hookHealth?: HookHealthSource;
  /** Active blocks, shown on their app's row and on the cells running a blocked version. */
  blocks?: BlockSource;
  clock?: () => Date;
}

export interface BoardFilters {
  app?: string;
  target?: string;
  status?: (typeof PROMOTION_STATUSES)[number];
}

const RECENT_LIMIT = 40;
/** Records read per (app, target) to find the newest from the right source. */
const NEWEST_SCAN = 10;

export function boardPromotion(r: PromotionRecord): BoardPromotion {
  return {
    id: r.id,
    app: r.app,
    sourceEnv: r.sourceEnv,
    targetEnv: r.targetEnv,
    sha: r.sha,
    imageTag: r.imageTag,
    status: r.status,
    frozen: r.frozen ?? null,
    reason: r.reason,
    blockedBy: r.blockedBy ?? null,
    lastError: r.lastError,
    buildUrl: r.jenkins.buildUrl,
    buildNumber: r.jenkins.buildNumber,
    mergeRequest: r.mergeRequest
      ? { iid: r.mergeRequest.iid, url: r.mergeRequest.url, state: r.mergeRequest.state }
      : null,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/**
 * The whole board: one row per app (every app an environment runs or a promotion names), one cell per
 * environment in promotion order, the newest promotion per step of the map, freezes, and recent promotions.
 */
export async function buildBoard(deps: BoardDeps, filters: BoardFilters = {}): Promise<BoardSnapshot> {
  const map = deps.config.promotion.map;
  const environments = environmentOrder(map);
  const links: BoardLink[] = [...map].map(([source, target]) => ({ source, target }));

  const [states, freezes, blocks, recentPage, allRecent, hookHealth] = await Promise.all([
    Promise.all(environments.map(async (env) => [env, await deps.environments.get(env)] as const)),
    deps.freezes.listFreezes(),
    (deps.blocks ?? NO_BLOCKS).listBlocks(),
    deps.promotions.list({ ...filters, limit: RECENT_LIMIT }),
    deps.promotions.list({ limit: 200 }),
    deps.hookHealth?.get() ?? null,
  ]);
  const alert = hookAlert(hookHealth);

  const apps = new Set<string>();
  for (const [, state] of states) for (const app of Object.keys(state)) apps.add(app);
  for (const p of allRecent.items) apps.add(p.app);

  const rows: BoardRow[] = await Promise.all(
    [...apps]
      .sort((a, b) => a.localeCompare(b))
      .map(async (app) => {
        const cells: BoardRow['cells'] = {};
        for (const [env, state] of states) {
          const cell = state[app];
          if (cell) cells[env] = cell;
        }
        const promotions: BoardRow['promotions'] = {};
        await Promise.all(
          links.map(async ({ source, target }) => {
            const page = await deps.promotions.list({ app, target, limit: NEWEST_SCAN });
            const newest = page.items.find((p) => p.sourceEnv === source);
            if (newest) promotions[linkKey(source, target)] = boardPromotion(newest);
          }),
        );
        return { app, cells, promotions };
      }),
  );

  return {
    now: (deps.clock?.() ?? new Date()).toISOString(),
    environments,
    links,
    rows,
    freezes: freezes.map((f) => ({
      target: f.target,
      reason: f.reason,
      until: f.until,
      kind: f.kind,
      by: f.by,
    })),
    ...(alert ? { hookAlert: alert } : {}),
    blocks,
    recent: recentPage.items.map(boardPromotion),
    filters: { app: filters.app ?? null, target: filters.target ?? null, status: filters.status ?? null },
  };
}
