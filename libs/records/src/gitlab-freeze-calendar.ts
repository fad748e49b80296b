import type { FreezePeriod } from '@auto-promote/domain';
import type { Logger } from '@auto-promote/observability';
import { redisKeys, type RedisClient, type RedisKeys } from '@auto-promote/redis';

/** GitLab's Deploy Freeze calendar as every process sees it (one copy in Redis). */
export interface FreezeCalendarSnapshot {
  periods: FreezePeriod[];
  /** When GitLab last answered (ISO); null = never. */
  fetchedAt: string | null;
  /** When GitLab was last asked (ISO). */
  checkedAt: string;
  /** Set while GitLab cannot be read: `periods` are the last known ones. */
  stale: { error: string; since: string } | null;
}

/** Where the periods come from: the GitLab client's `freezePeriods` in the service. */
export interface FreezePeriodSource {
  freezePeriods(project: string | number): Promise<FreezePeriod[]>;
}

export interface GitLabFreezeCalendarOptions {
  gitlab: FreezePeriodSource;
  project: string | number;
  logger: Logger;
  clock?: () => number;
  /** How often GitLab is asked, across all processes; default 60 s. */
  refreshMs?: number;
}

/** GitLab is read at most this often (across every process). */
export const FREEZE_CALENDAR_REFRESH_MS = 60_000;

/**
 * GitLab's Deploy Freeze periods, cached in Redis with the time they were read. A read older than the refresh
 * interval is renewed by the one process that takes the lease, so GitLab sees one request a minute whatever the
 * number of replicas. A GitLab that cannot be read keeps the last known periods and marks them stale (error and
 * since when); the warning is logged once per failure streak. A renewal publishes `freeze:calendar`.
 */
export class GitLabFreezeCalendar {
  private readonly keys: RedisKeys;
  private readonly clock: () => number;
  private readonly refreshMs: number;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    private readonly options: GitLabFreezeCalendarOptions,
  ) {
    this.keys = redisKeys(prefix);
    this.clock = options.clock ?? Date.now;
    this.refreshMs = options.refreshMs ?? FREEZE_CALENDAR_REFRESH_MS;
  }

  /** The cached calendar, renewed first when due; null while it was never read. */
  async read(): Promise<FreezeCalendarSnapshot | null> {
    const cached = await this.cached();
    const now = this.clock();
    if (cached && now - Date.parse(cached.checkedAt) < this.refreshMs) return cached;
    const lease = await this.redis.set(
      this.keys.gitlabFreezeCalendarLease,
      String(now),
      'PX',
      this.refreshMs,
      'NX',
    );
    if (lease !== 'OK') return cached;
    return this.renew(cached, now);
  }

  /** The cached calendar as it is, without asking GitLab. */
  async cached(): Promise<FreezeCalendarSnapshot | null> {
    const raw = await this.redis.get(this.keys.gitlabFreezeCalendar);
    return raw ? (JSON.parse(raw) as FreezeCalendarSnapshot) : null;
  }

  private async renew(previous: FreezeCalendarSnapshot | null, now: number): Promise<FreezeCalendarSnapshot> {
    const at = new Date(now).toISOString();
    const log = this.options.logger;
    let snapshot: FreezeCalendarSnapshot;
    try {
      const periods = await this.options.gitlab.freezePeriods(this.options.project);
      snapshot = { periods, fetchedAt: at, checkedAt: at, stale: null };
      if (previous?.stale)
        log.info({ staleSince: previous.stale.since }, 'GitLab deploy freeze calendar read again');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      snapshot = {
        periods: previous?.periods ?? [],
        fetchedAt: previous?.fetchedAt ?? null,
        checkedAt: at,
        stale: { error: message, since: previous?.stale?.since ?? at },
      };
      if (!previous?.stale)
        log.warn(
          { error: message, lastRead: snapshot.fetchedAt, periods: snapshot.periods.length },
          'GitLab deploy freeze calendar cannot be read: keeping the last known calendar',
        );
    }
    await this.redis
      .multi()
      .set(this.keys.gitlabFreezeCalendar, JSON.stringify(snapshot))
      .publish(this.keys.changesChannel, 'freeze:calendar')
      .exec();
    return snapshot;
  }
}
