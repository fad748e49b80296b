import { quantile } from './quantile';

/** Seconds from `from` to `to` (ISO times); null when either is unknown or `to` is before `from`. */
export function secondsBetween(from: string | null, to: string | null): number | null {
  if (from === null || to === null) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? ms / 1000 : null;
}

/** One merge request merged into `target`: how long since the dev push, and how long it waited for review. */
export interface LeadTimeSample {
  app: string;
  target: string;
  /** Dev push received → merge request into `target` merged. */
  leadTimeSeconds: number;
  /** Merge request opened → merged; null when its opening time is unknown. */
  reviewWaitSeconds: number | null;
}

/** DORA-style lead time of one app into one environment. */
export interface LeadTimeRow {
  app: string;
  target: string;
  count: number;
  medianSeconds: number;
  p90Seconds: number;
  reviewWaitMedianSeconds: number | null;
}

/** Lead time per app and environment (median, p90, count), sorted by app then target. */
export function leadTimeReport(samples: readonly LeadTimeSample[]): LeadTimeRow[] {
  const groups = new Map<string, LeadTimeSample[]>();
  for (const sample of samples) {
    const key = `${sample.app}\u0000${sample.target}`;
    const group = groups.get(key);
    if (group) group.push(sample);
    else groups.set(key, [sample]);
  }
  const rows: LeadTimeRow[] = [];
  for (const group of groups.values()) {
    const first = group[0] as LeadTimeSample;
    const lead = group.map((s) => s.leadTimeSeconds);
    const waits = group.map((s) => s.reviewWaitSeconds).filter((s): s is number => s !== null);
    rows.push({
      app: first.app,
      target: first.target,
      count: group.length,
      medianSeconds: quantile(lead, 0.5) as number,
      p90Seconds: quantile(lead, 0.9) as number,
      reviewWaitMedianSeconds: quantile(waits, 0.5),
    });
  }
  return rows.sort((a, b) => a.app.localeCompare(b.app) || a.target.localeCompare(b.target));
}

/** A duration for people: `45s`, `12m 5s`, `3h 4m`, `2d 3h`. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return 'n/a';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}
