import { parsePromotionId, promotionId } from '@auto-promote/domain';
import type { PromotionRecord, PromotionStore } from '@auto-promote/records';
import { OperationError } from './errors/operation-error';

/** One row of `auto-promote promotions`. */
export interface PromotionRow {
  /** The id with the sha cut to 8 characters; `retry` accepts it. */
  id: string;
  app: string;
  route: string;
  tag: string;
  status: string;
  build: string;
  age: string;
}

/** `5s`, `3m`, `2h`, `4d`. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3_600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3_600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

export function shortPromotionId(
  record: Pick<PromotionRecord, 'app' | 'sourceEnv' | 'targetEnv' | 'sha'>,
): string {
  return promotionId({ ...record, sha: record.sha.slice(0, 8) });
}

export function promotionRow(record: PromotionRecord, now: number): PromotionRow {
  const { buildNumber, queueId } = record.jenkins;
  return {
    id: shortPromotionId(record),
    app: record.app,
    route: `${record.sourceEnv}→${record.targetEnv}`,
    tag: record.imageTag ?? '—',
    status: (record.frozen ?? null) !== null ? `${record.status} (frozen)` : record.status,
    build: buildNumber !== null ? `#${buildNumber}` : queueId !== null ? `queue ${queueId}` : '—',
    age: formatAge(now - Date.parse(record.createdAt)),
  };
}

/**
 * The record an operator means: a full promotion id, or one whose sha is cut short (as `promotions` shows
 * it) when it names exactly one promotion.
 */
export async function findPromotion(store: PromotionStore, id: string): Promise<PromotionRecord> {
  const exact = await store.get(id);
  if (exact) return exact;
  const parts = parsePromotionId(id);
  if (!parts || !/^[0-9a-f]{4,63}$/.test(parts.sha)) throw new OperationError(`no promotion record ${id}`);
  const matches: PromotionRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ app: parts.app, limit: 200, cursor });
    matches.push(
      ...page.items.filter(
        (r) =>
          r.sourceEnv === parts.sourceEnv && r.targetEnv === parts.targetEnv && r.sha.startsWith(parts.sha),
      ),
    );
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && matches.length < 2);
  const [only, ...more] = matches;
  if (!only) throw new OperationError(`no promotion record ${id}`);
  if (more.length > 0) throw new OperationError(`${id} names several promotions: give more of the sha`);
  return only;
}
