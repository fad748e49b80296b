import type { ChangeWay } from '@auto-promote/domain';
import type { ChangeChains } from '@auto-promote/records';
import type { HttpResult } from '../http-result';

/** GET /api/changes/:id — one change's way to production; `id` may be any promotion of the change. */
export async function getChange(
  id: string,
  chains: Pick<ChangeChains, 'wayOf'>,
): Promise<HttpResult<ChangeWay | { error: string }>> {
  if (id.length === 0 || id.length > 512) return { status: 404, body: { error: 'promotion not found' } };
  const way = await chains.wayOf(id);
  return way ? { status: 200, body: way } : { status: 404, body: { error: `promotion ${id} not found` } };
}
