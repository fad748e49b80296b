import {
  EnvironmentStateStore,
  boardBlock,
  createBoardRuntime,
  type BoardRuntime,
} from '@auto-promote/board';
import type { Infrastructure } from '../infrastructure';

/**
 * The promotion board over the process's stores, its live updates on a connection of the infrastructure
 * (so with the Sentinel or Cluster settings when configured). The HTTP host mounts it behind the admin guard.
 */
export function startBoard(infra: Infrastructure, options: { assetsDir?: string | null } = {}): BoardRuntime {
  return createBoardRuntime({
    config: infra.config,
    promotions: infra.promotions,
    environments: new EnvironmentStateStore(infra.redis, infra.prefix),
    // Operator freezes and GitLab's Deploy Freeze calendar alike.
    freezes: {
      listFreezes: () => infra.activeFreezes.list([...new Set(infra.config.promotion.map.values())]),
    },
    hookHealth: infra.hookHealth,
    blocks: { listBlocks: async () => (await infra.blocks.list()).map(boardBlock) },
    connect: () => infra.connect('client', 'board-events'),
    logger: infra.logger.child({ role: 'board' }),
    ...options,
  });
}
