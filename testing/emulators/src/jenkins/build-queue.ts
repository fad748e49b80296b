import type { Build, Job } from './job';
import { sameParameters, type ParamValue } from './parameters';
import type { StartRequest } from './build-executor';
import type { Timers } from './timers';

/** waiting = quiet period; buildable = ready, no executor (or queue paused); left = started or cancelled. */
export type QueueState = 'waiting' | 'buildable' | 'left';

export interface QueueItem {
  readonly id: number;
  readonly job: Job;
  readonly params: ParamValue[] | null;
  readonly userId: string;
  readonly inQueueSince: number;
  dueAt: number;
  state: QueueState;
  cancelled: boolean;
  build: Build | undefined;
  leftAt: number | undefined;
}

/** Jenkins' Queue, reduced to what remote API clients can observe. */
export class BuildQueue {
  private nextId = 1;
  /** Map order is id order. */
  private readonly live = new Map<number, QueueItem>();
  private readonly left = new Map<number, QueueItem>();
  private paused = false;
  private maintenance: NodeJS.Timeout | undefined;

  constructor(
    private readonly timers: Timers,
    private readonly retentionMs: number,
    private readonly start: (request: StartRequest) => Build,
  ) {}

  /** Queue.schedule2: an identical live item absorbs the request (and keeps the sooner due time). */
  schedule(
    job: Job,
    params: ParamValue[] | null,
    quietMs: number,
    userId: string,
  ): { item: QueueItem; created: boolean } {
    const now = Date.now();
    const due = now + quietMs;
    for (const item of this.live.values()) {
      if (item.job === job && sameParameters(item.params, params)) {
        if (item.state === 'waiting' && item.dueAt > due) item.dueAt = due;
        this.kick();
        return { item, created: false };
      }
    }
    const item: QueueItem = {
      id: this.nextId,
      job,
      params,
      userId,
      inQueueSince: now,
      dueAt: due,
      state: 'waiting',
      cancelled: false,
      build: undefined,
      leftAt: undefined,
    };
    this.nextId += 1;
    this.live.set(item.id, item);
    this.kick();
    return { item, created: true };
  }

  /** A live item, or a left one still within its retention. */
  get(id: number): QueueItem | undefined {
    return this.live.get(id) ?? this.leftItem(id);
  }

  /** Queue#getItems order: waiting items, then buildable ones newest first. */
  items(): QueueItem[] {
    const all = [...this.live.values()];
    const waiting = all.filter((i) => i.state === 'waiting');
    const buildable = all.filter((i) => i.state === 'buildable').reverse();
    return [...waiting, ...buildable];
  }

  itemFor(job: Job): QueueItem | undefined {
    return [...this.live.values()].find((i) => i.job === job);
  }

  /** Cancels a live item (what "cancel" in Jenkins' queue does); false when it left the queue already. */
  cancel(id: number): boolean {
    const item = this.live.get(id);
    if (item) this.leave(item, true);
    return item !== undefined;
  }

  cancelAll(job: Job): void {
    for (const item of [...this.live.values()]) if (item.job === job) this.leave(item, true);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.kick();
  }

  /** Runs maintenance soon, as Queue#scheduleMaintenance does (never inside the request). */
  kick(): void {
    this.plan(0);
  }

  private plan(delayMs: number): void {
    this.timers.cancel(this.maintenance);
    this.maintenance = this.timers.after(delayMs, () => {
      this.maintenance = undefined;
      this.maintain();
    });
  }

  private maintain(): void {
    const now = Date.now();
    this.purge(now);
    for (const item of this.live.values()) {
      if (item.state === 'waiting' && item.dueAt <= now) item.state = 'buildable';
    }
    if (!this.paused) {
      for (const item of [...this.live.values()]) {
        if (item.state !== 'buildable' || item.job.running() >= item.job.behaviour.executors) continue;
        this.leave(item, false);
        item.build = this.start({
          job: item.job,
          queueId: item.id,
          params: item.params,
          userId: item.userId,
        });
      }
    }
    const dues = [...this.live.values()].filter((i) => i.state === 'waiting').map((i) => i.dueAt);
    if (dues.length > 0) this.plan(Math.min(...dues) - now);
  }

  private leave(item: QueueItem, cancelled: boolean): void {
    this.live.delete(item.id);
    item.state = 'left';
    item.cancelled = cancelled;
    item.leftAt = Date.now();
    this.left.set(item.id, item);
  }

  private leftItem(id: number): QueueItem | undefined {
    const item = this.left.get(id);
    if (item?.leftAt === undefined) return undefined;
    if (Date.now() - item.leftAt >= this.retentionMs) {
      this.left.delete(id);
      return undefined;
    }
    return item;
  }

  private purge(now: number): void {
    for (const [id, item] of this.left) {
      if (item.leftAt !== undefined && now - item.leftAt >= this.retentionMs) this.left.delete(id);
    }
  }
}
