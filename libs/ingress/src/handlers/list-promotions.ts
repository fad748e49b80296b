import { z } from 'zod';
import {
  InvalidCursorError,
  PROMOTION_STATUSES,
  type PromotionPage,
  type PromotionStore,
} from '@auto-promote/records';
import type { HttpResult } from '../http-result';

const querySchema = z.object({
  app: z.string().min(1).max(128).optional(),
  target: z.string().min(1).max(256).optional(),
  status: z.enum(PROMOTION_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().min(1).max(64).optional(),
});

/** GET /api/promotions?app=&target=&status=&limit=&cursor= — newest first. */
export async function listPromotions(
  query: Record<string, unknown>,
  store: PromotionStore,
): Promise<HttpResult<PromotionPage | { error: string; details?: string[] }>> {
  const flat = Object.fromEntries(Object.entries(query).filter(([, v]) => typeof v === 'string'));
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
  try {
    return { status: 200, body: await store.list(parsed.data) };
  } catch (error) {
    if (error instanceof InvalidCursorError) return { status: 400, body: { error: error.message } };
    throw error;
  }
}
