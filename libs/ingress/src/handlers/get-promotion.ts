import type { PromotionRecord, PromotionStore } from '@auto-promote/records';
import type { HttpResult } from '../http-result';

/** GET /api/promotions/:id */
export async function getPromotion(
  id: string,
  store: PromotionStore,
): Promise<HttpResult<PromotionRecord | { error: string }>> {
  if (id.length === 0 || id.length > 512) return { status: 404, body: { error: 'promotion not found' } };
  const record = await store.get(id);
  return record
    ? { status: 200, body: record }
    : { status: 404, body: { error: `promotion ${id} not found` } };
}
