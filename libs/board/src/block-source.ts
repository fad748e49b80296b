import type { BoardBlock } from '@auto-promote/board-view';
import type { VersionBlock } from '@auto-promote/domain';

/** Where the board reads the active blocks from (the records library's `BlockStore` in the service). */
export interface BlockSource {
  listBlocks(): Promise<BoardBlock[]>;
}

/** For a service whose blocks are not known to the board. */
export const NO_BLOCKS: BlockSource = { listBlocks: () => Promise.resolve([]) };

/** A block as the board shows it. */
export const boardBlock = (b: VersionBlock): BoardBlock => ({
  id: b.id,
  app: b.app,
  kind: b.match.kind,
  version: b.match.kind === 'tag' ? b.match.tag : b.match.sha,
  target: b.target,
  reason: b.reason,
  by: b.by,
  createdAt: b.createdAt,
});
