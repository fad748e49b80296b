import type { Config } from '@auto-promote/config';
import type { Logger } from '@auto-promote/observability';
import { redisKeys, type RedisClient } from '@auto-promote/redis';
import type { PromotionStore } from '@auto-promote/records';
import { locateBoardAssets } from './board-assets';
import type { BoardDeps } from './build-board';
import type { EnvironmentStateStore } from './environment-state-store';
import type { FreezeSource } from './freeze-source';
import { hookAlert, type HookHealthSource } from './hook-alert';
import { LiveUpdates } from './live/live-updates';

/** Everything the board's routes need in one process; `close()` ends the live streams and the subscriber. */
export interface BoardRuntime {
  deps: BoardDeps;
  live: LiveUpdates;
  /** The built page, or null (the routes then say how to build it). */
  assetsDir: string | null;
  close(): Promise<void>;
}

/** What the board is made of; the composition builds every part, the board opens nothing itself. */
export interface BoardRuntimeOptions {
  config: Pick<Config, 'promotion' | 'redis'>;
  promotions: PromotionStore;
  environments: EnvironmentStateStore;
  freezes: FreezeSource;
  /** The GitLab hook's health (a banner while GitLab does not send it pushes); optional. */
  hookHealth?: HookHealthSource;
  /**
   * Opens the live updates' subscriber connection: the composition's, so it reaches Redis exactly as every
   * other connection of the process does (Sentinel and Cluster included).
   */
  connect: () => RedisClient;
  logger: Logger;
  /** Default: the built page found by `locateBoardAssets`. */
  assetsDir?: string | null;
}

export function createBoardRuntime(options: BoardRuntimeOptions): BoardRuntime {
  const { config, freezes, hookHealth } = options;
  const live = new LiveUpdates({
    connect: options.connect,
    channel: redisKeys(config.redis.prefix).changesChannel,
    logger: options.logger,
    // Freezes are set by the CLI and expire by themselves without a message on the channel.
    watch: {
      freeze: async () => JSON.stringify(await freezes.listFreezes()),
      // The reconciler writes the hook's health without a message on the channel either.
      ...(hookHealth ? { hook: async () => JSON.stringify(hookAlert(await hookHealth.get())) } : {}),
    },
  });
  return {
    deps: {
      config,
      promotions: options.promotions,
      environments: options.environments,
      freezes,
      ...(hookHealth ? { hookHealth } : {}),
    },
    live,
    assetsDir: options.assetsDir === undefined ? locateBoardAssets() : options.assetsDir,
    close: () => live.close(),
  };
}
