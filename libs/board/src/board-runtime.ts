import type { Redis } from 'ioredis';
import type { Config } from '@auto-promote/config';
import type { Logger } from '@auto-promote/observability';
import { redisKeys } from '@auto-promote/queues';
import { FreezeStore, type PromotionStore } from '@auto-promote/records';
import { locateBoardAssets } from './board-assets';
import type { BoardDeps } from './build-board';
import { EnvironmentStateStore } from './environment-state-store';
import type { FreezeSource } from './freeze-source';
import { LiveUpdates } from './live/live-updates';

/** Everything the board's routes need in one process; `close()` ends the live streams and the subscriber. */
export interface BoardRuntime {
  deps: BoardDeps;
  live: LiveUpdates;
  /** The built page, or null (the routes then say how to build it). */
  assetsDir: string | null;
  close(): Promise<void>;
}

export function createBoardRuntime(options: {
  config: Pick<Config, 'promotion' | 'redis'>;
  redis: Redis;
  /**
   * Opens the live updates' subscriber connection. The composition's, so it reaches Redis exactly as every
   * other connection of the process does (Sentinel included); the board opens none of its own.
   */
  connect: () => Redis;
  promotions: PromotionStore;
  logger: Logger;
  freezes?: FreezeSource;
  assetsDir?: string | null;
}): BoardRuntime {
  const { config, logger } = options;
  const freezes: FreezeSource = options.freezes ?? {
    listFreezes: () => new FreezeStore(options.redis, config.redis.prefix).list(),
  };
  const live = new LiveUpdates({
    connect: options.connect,
    channel: redisKeys(config.redis.prefix).changesChannel,
    logger,
    // Freezes are set by the CLI and expire by themselves without a message on the channel.
    watch: { freeze: async () => JSON.stringify(await freezes.listFreezes()) },
  });
  return {
    deps: {
      config,
      promotions: options.promotions,
      environments: new EnvironmentStateStore(options.redis, config.redis.prefix),
      freezes,
    },
    live,
    assetsDir: options.assetsDir === undefined ? locateBoardAssets() : options.assetsDir,
    close: () => live.close(),
  };
}
