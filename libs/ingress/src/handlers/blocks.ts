import { z } from 'zod';
import { blockMatchOf, blockRequestProblems, versionProblems, type VersionBlock } from '@auto-promote/domain';
import type { BlockStore } from '@auto-promote/records';
import type { HttpResult } from '../http-result';

export interface BlockApiDeps {
  blocks: Pick<BlockStore, 'place' | 'lift' | 'get' | 'activeOf' | 'list'>;
  /** The targets of PROMOTION_MAP: a block names one of them, or none (every target). */
  targets: readonly string[];
  /** ADMIN_ALLOW_WRITE: without it, placing and lifting blocks is refused (403). */
  allowWrite: boolean;
  /** Who a write is recorded as when the request names nobody: the admin user. */
  defaultBy: string;
}

type ErrorBody = { error: string; details?: string[] };

const NAME = z.string().min(1).max(128);
const placeSchema = z.object({
  app: NAME,
  tag: z.string().min(1).max(256).optional(),
  sha: z.string().min(1).max(64).optional(),
  target: z.string().min(1).max(256).optional(),
  reason: z.string().max(2_000),
  by: z.string().trim().min(1).max(128).optional(),
});
const versionQuery = z.object({
  app: NAME,
  tag: z.string().min(1).max(256).optional(),
  sha: z.string().min(1).max(64).optional(),
  target: z.string().min(1).max(256).optional(),
  by: z.string().trim().min(1).max(128).optional(),
});
const listQuery = z.object({ all: z.enum(['true', 'false']).optional() });

const READ_ONLY: HttpResult<ErrorBody> = {
  status: 403,
  body: { error: 'blocks are read-only here: set ADMIN_ALLOW_WRITE=true to place or lift them' },
};

const invalid = (error: string, details: string[]): HttpResult<ErrorBody> => ({
  status: 400,
  body: { error, details },
});

const zodDetails = (error: z.ZodError): string[] =>
  error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);

/** Only the string values of a query (repeated parameters are refused by the schema's types). */
const strings = (query: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(query).filter(([, v]) => typeof v === 'string'));

/** GET /api/blocks?all=true — active blocks newest first; with `all`, the lifted ones too (the audit). */
export async function listBlocks(
  query: Record<string, unknown>,
  deps: Pick<BlockApiDeps, 'blocks'>,
): Promise<HttpResult<{ items: VersionBlock[] } | ErrorBody>> {
  const parsed = listQuery.safeParse(strings(query));
  if (!parsed.success) return invalid('invalid query', zodDetails(parsed.error));
  return { status: 200, body: { items: await deps.blocks.list({ all: parsed.data.all === 'true' }) } };
}

/**
 * POST /api/blocks {app, tag | sha, reason, target?, by?} — 201 with the block; 200 with the active block
 * already holding that version and target (nothing changes); 400 naming every bad field; 403 without
 * ADMIN_ALLOW_WRITE.
 */
export async function placeBlock(
  body: unknown,
  deps: BlockApiDeps,
): Promise<HttpResult<{ block: VersionBlock; created: boolean } | ErrorBody>> {
  if (!deps.allowWrite) return READ_ONLY;
  const parsed = placeSchema.safeParse(body);
  if (!parsed.success) return invalid('invalid block', zodDetails(parsed.error));
  const request = parsed.data;
  const problems = blockRequestProblems(request, deps.targets);
  if (problems.length > 0) return invalid('invalid block', problems);
  const result = await deps.blocks.place({
    app: request.app,
    match: blockMatchOf(request),
    target: request.target ?? null,
    reason: request.reason.trim(),
    by: request.by ?? deps.defaultBy,
  });
  return { status: result.created ? 201 : 200, body: result };
}

/**
 * DELETE /api/blocks/:id?by= — lifts one block (kept, with who lifted it and when); 404 unknown, 409
 * lifted before. DELETE /api/blocks?app=&tag=|sha=&target=&by= — lifts the active blocks of that version
 * (for one target, or all); 404 when there are none. Skipped promotions are not re-sent by this.
 */
export async function liftBlock(
  id: string | null,
  query: Record<string, unknown>,
  deps: BlockApiDeps,
): Promise<HttpResult<{ lifted: VersionBlock[] } | ErrorBody>> {
  if (!deps.allowWrite) return READ_ONLY;
  if (id !== null) {
    if (!/^[0-9]{1,15}$/.test(id))
      return invalid('invalid block id', [`id '${id.slice(0, 40)}' is not a block id`]);
    const by = z.string().trim().min(1).max(128).optional().safeParse(strings(query)['by']);
    if (!by.success) return invalid('invalid query', zodDetails(by.error));
    const result = await deps.blocks.lift(id, by.data ?? deps.defaultBy);
    if (result.kind === 'missing') return { status: 404, body: { error: `no block ${id}` } };
    if (result.kind === 'already-lifted')
      return {
        status: 409,
        body: {
          error: `block ${id} was already lifted by ${result.block.liftedBy} at ${result.block.liftedAt}`,
        },
      };
    return { status: 200, body: { lifted: [result.block] } };
  }
  const parsed = versionQuery.safeParse(strings(query));
  if (!parsed.success) return invalid('invalid query', zodDetails(parsed.error));
  const problems = versionProblems(parsed.data);
  if (problems.length > 0) return invalid('invalid query', problems);
  const { app, target, by } = parsed.data;
  const lifted: VersionBlock[] = [];
  for (const block of await deps.blocks.activeOf(app, blockMatchOf(parsed.data), target)) {
    const result = await deps.blocks.lift(block.id, by ?? deps.defaultBy);
    if (result.kind === 'lifted') lifted.push(result.block);
  }
  if (lifted.length === 0) return { status: 404, body: { error: `${app} is not blocked at that version` } };
  return { status: 200, body: { lifted } };
}
