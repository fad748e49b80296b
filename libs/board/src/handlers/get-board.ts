import { z } from 'zod';
import { PROMOTION_STATUSES } from '@auto-promote/records';
import type { BoardSnapshot } from '@auto-promote/board-view';
import { buildBoard, type BoardDeps } from '../build-board';

/** What the framework-free handlers return; the Express adapter only writes it out. */
export interface BoardHttpResult<B> {
  status: number;
  body: B;
  headers?: Record<string, string>;
}

const querySchema = z.object({
  app: z.string().min(1).max(128).optional(),
  target: z.string().min(1).max(256).optional(),
  status: z.enum(PROMOTION_STATUSES).optional(),
});

/** GET /api/board?app=&target=&status= — the board's data; the filters apply to the recent promotions. */
export async function getBoard(
  query: Record<string, unknown>,
  deps: BoardDeps,
): Promise<BoardHttpResult<BoardSnapshot | { error: string; details?: string[] }>> {
  // An empty filter (a select left on "all") means no filter.
  const flat = Object.fromEntries(Object.entries(query).filter(([, v]) => typeof v === 'string' && v !== ''));
  const parsed = querySchema.safeParse(flat);
  if (!parsed.success) {
    return {
      status: 400,
      body: {
        error: 'invalid query',
        details: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      },
    };
  }
  return {
    status: 200,
    body: await buildBoard(deps, parsed.data),
    headers: { 'Cache-Control': 'no-store' },
  };
}
