import { formatDuration, leadTimeReport, type ChangeWay, type LeadTimeRow } from '@auto-promote/domain';
import type { RedisClient } from '@auto-promote/redis';
import { leadTimeSamples, type ChangeChains, type PromotionStore } from '@auto-promote/records';

/**
 * The newest `limit` changes of an app, newest first: its promotions, each walked to its whole change
 * (a prod promotion and the stage promotion before it are one change). Skipped promotions started none.
 */
export async function changesOfApp(
  promotions: PromotionStore,
  chains: ChangeChains,
  app: string,
  limit: number,
): Promise<ChangeWay[]> {
  const ways: ChangeWay[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await promotions.list({ app, limit: 200, ...(cursor === undefined ? {} : { cursor }) });
    for (const record of page.items) {
      if (seen.has(record.id) || record.status === 'skipped') continue;
      const way = await chains.wayOf(record.id);
      if (!way) continue;
      for (const id of way.promotions) seen.add(id);
      ways.push(way);
      if (ways.length === limit) return ways;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return ways;
}

/** One change as text: its lead times, then each step with its time and the time since the push. */
export function renderChange(way: ChangeWay): string {
  const lead =
    way.leadTimes.length === 0
      ? 'lead time: n/a (no merged merge request recorded)'
      : `lead time: ${way.leadTimes.map((s) => `${s.target} ${formatDuration(s.leadTimeSeconds)}`).join(', ')}`;
  const start = way.push ? Date.parse(way.push.receivedAt) : null;
  const lines = [`change ${way.id} (${way.app})  ${lead}`];
  for (const step of way.steps) {
    const at = step.at ?? '—'.padEnd(24);
    const since =
      step.at !== null && start !== null ? `+${formatDuration((Date.parse(step.at) - start) / 1000)}` : '';
    const url = step.url ? `  ${step.url}` : '';
    lines.push(`  ${at}  ${since.padEnd(9)} ${step.kind.padEnd(13)} ${step.summary}${url}`);
  }
  return lines.join('\n');
}

/** `auto-promote report`: lead time per app and environment of the merge requests merged since `since`. */
export async function leadTimeRows(
  redis: RedisClient,
  prefix: string,
  chains: ChangeChains,
  since: Date,
  app?: string,
): Promise<LeadTimeRow[]> {
  return leadTimeReport(await leadTimeSamples(redis, prefix, chains, since, app ? { app } : {}));
}
