import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RedisClient } from '@auto-promote/redis';
import type { Logger } from '@auto-promote/observability';

export interface LiveUpdatesOptions {
  /** Opens the one subscriber connection of this process (lazily, on the first client). */
  connect: () => RedisClient;
  /** The pub/sub channel records, environment states and freezes publish on. */
  channel: string;
  logger: Logger;
  /** More clients than this get 503: each one holds a socket. Default 100. */
  maxClients?: number;
  /** A comment line this often keeps proxies from closing an idle stream. Default 15 s. */
  heartbeatMs?: number;
  /** Changes arriving within this window go out as one event. Default 100 ms. */
  coalesceMs?: number;
  /** What EventSource waits before reconnecting. Default 2 s. */
  retryMs?: number;
  /**
   * State that changes without a message on the channel (a freeze set by another tool, or expiring): read
   * every `watchMs` while clients are connected; a different answer is announced as a change of that kind.
   */
  watch?: Record<string, () => Promise<string>>;
  /** Default 2 s. */
  watchMs?: number;
}

/**
 * Server-Sent Events for the board: one Redis subscriber per process fans changes out to every open
 * stream as `event: change` (`data: {"kinds":[…]}`), coalesced; the page then re-reads `/api/board`.
 * Bounded clients, heartbeats, cleanup on disconnect, and `close()` ends every stream (graceful shutdown).
 */
export class LiveUpdates {
  private readonly clients = new Set<ServerResponse>();
  private subscriber: RedisClient | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private watcher: NodeJS.Timeout | null = null;
  private readonly watched = new Map<string, string>();
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly pending = new Set<string>();
  private closed = false;
  private readonly maxClients: number;
  private readonly heartbeatMs: number;
  private readonly coalesceMs: number;
  private readonly retryMs: number;

  constructor(private readonly options: LiveUpdatesOptions) {
    this.maxClients = options.maxClients ?? 100;
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
    this.coalesceMs = options.coalesceMs ?? 100;
    this.retryMs = options.retryMs ?? 2_000;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Takes over the response as an event stream; answers 503 when full or shutting down. */
  open(req: IncomingMessage, res: ServerResponse): void {
    if (this.closed || this.clients.size >= this.maxClients) {
      res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '5' });
      res.end(JSON.stringify({ error: 'too many live connections; try again later' }));
      return;
    }
    this.ensureSubscribed();
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: ${this.retryMs}\n\nevent: ready\ndata: {}\n\n`);
    this.clients.add(res);
    this.ensureHeartbeat();
    this.ensureWatcher();
    const drop = () => this.drop(res);
    req.on('close', drop);
    res.on('close', drop);
    res.on('error', drop);
  }

  /** Announces a change to every stream (what a message on the channel does). */
  notify(message: string): void {
    const colon = message.indexOf(':');
    this.pending.add(colon > 0 ? message.slice(0, colon) : message);
    this.flushTimer ??= setTimeout(() => this.flush(), this.coalesceMs);
  }

  /** Ends every stream and the subscriber; later requests get 503. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.watcher) clearInterval(this.watcher);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.heartbeat = null;
    this.watcher = null;
    this.flushTimer = null;
    for (const res of this.clients) res.end();
    this.clients.clear();
    const subscriber = this.subscriber;
    this.subscriber = null;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  private ensureSubscribed(): void {
    if (this.subscriber) return;
    const subscriber = this.options.connect();
    this.subscriber = subscriber;
    let connectedBefore = false;
    subscriber.on('message', (_channel: string, message: string) => this.notify(message));
    subscriber.on('ready', () => {
      // After a reconnect, changes may have been missed: have every page re-read.
      if (connectedBefore) this.notify('resync');
      connectedBefore = true;
    });
    subscriber.subscribe(this.options.channel).catch((error: Error) => {
      this.options.logger.warn({ error: error.message }, 'board live updates: subscribe failed');
    });
  }

  private ensureHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      for (const res of this.clients) res.write(': heartbeat\n\n');
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  private ensureWatcher(): void {
    const watch = this.options.watch;
    if (this.watcher || !watch || Object.keys(watch).length === 0) return;
    let busy = false;
    this.watcher = setInterval(() => {
      if (busy) return;
      busy = true;
      void Promise.all(
        Object.entries(watch).map(async ([kind, read]) => {
          const value = await read();
          const before = this.watched.get(kind);
          this.watched.set(kind, value);
          if (before !== undefined && before !== value) this.notify(kind);
        }),
      )
        .catch((error: Error) => this.options.logger.debug({ error: error.message }, 'board watch failed'))
        .finally(() => {
          busy = false;
        });
    }, this.options.watchMs ?? 2_000);
    this.watcher.unref();
  }

  private flush(): void {
    this.flushTimer = null;
    if (this.pending.size === 0) return;
    const data = JSON.stringify({ kinds: [...this.pending].sort() });
    this.pending.clear();
    for (const res of this.clients) res.write(`event: change\ndata: ${data}\n\n`);
  }

  private drop(res: ServerResponse): void {
    if (!this.clients.delete(res)) return;
    if (this.clients.size > 0) return;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.watcher) clearInterval(this.watcher);
    this.heartbeat = null;
    this.watcher = null;
    this.watched.clear();
  }
}
