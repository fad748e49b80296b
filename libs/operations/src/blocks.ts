import type { Config } from '@auto-promote/config';
import {
  blockMatchOf,
  blockRequestProblems,
  versionProblems,
  type BlockRequest,
  type VersionBlock,
} from '@auto-promote/domain';
import type { BlockStore } from '@auto-promote/records';
import { OperationError } from './errors/operation-error';
import { UsageError } from './errors/usage-error';
import { promotionTargets } from './freezes';

/**
 * Blocks an app's version (image tag or commit) for every target, or for one: from now on no push,
 * reconcile, replay or `promote` without --force triggers it, and a promotion of it already planned is
 * skipped before it reaches Jenkins. Placing the same block twice returns the one already active.
 */
export async function placeBlock(
  deps: { config: Pick<Config, 'promotion'>; blocks: Pick<BlockStore, 'place'> },
  input: BlockRequest & { by: string },
): Promise<{ block: VersionBlock; created: boolean }> {
  const problems = blockRequestProblems(input, promotionTargets(deps.config));
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return deps.blocks.place({
    app: input.app,
    match: blockMatchOf(input),
    target: input.target ?? null,
    reason: input.reason.trim(),
    by: input.by,
  });
}

/** Which blocks to lift: one by id, or those of an app's version (for one target, or all of them). */
export type LiftSelector = { id: string } | { app: string; tag?: string; sha?: string; target?: string };

/**
 * Lifts blocks, recording who lifted them (the blocks stay, for the audit). Promotions they skipped are not
 * sent by this: a replay of their push, or `promote`, sends them again. By app and version without a
 * target, every active block of that version is lifted.
 */
export async function liftBlocks(
  deps: { blocks: Pick<BlockStore, 'lift' | 'activeOf'> },
  selector: LiftSelector,
  by: string,
): Promise<VersionBlock[]> {
  const ids = 'id' in selector ? [selector.id] : await selectedIds(deps, selector);
  const lifted: VersionBlock[] = [];
  for (const id of ids) {
    const result = await deps.blocks.lift(id, by);
    if (result.kind === 'missing') throw new OperationError(`no block ${id}`);
    if (result.kind === 'already-lifted' && 'id' in selector)
      throw new OperationError(
        `block ${id} was already lifted by ${result.block.liftedBy} at ${result.block.liftedAt}`,
      );
    if (result.kind === 'lifted') lifted.push(result.block);
  }
  return lifted;
}

async function selectedIds(
  deps: { blocks: Pick<BlockStore, 'activeOf'> },
  selector: Exclude<LiftSelector, { id: string }>,
): Promise<string[]> {
  const problems = versionProblems(selector);
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  const match = blockMatchOf(selector);
  const ids = (await deps.blocks.activeOf(selector.app, match, selector.target)).map((b) => b.id);
  if (ids.length === 0) {
    const what = match.kind === 'tag' ? match.tag : match.sha.slice(0, 8);
    const where = selector.target === undefined ? '' : ` for ${selector.target}`;
    throw new OperationError(`${selector.app} at ${what} is not blocked${where}`);
  }
  return ids;
}
