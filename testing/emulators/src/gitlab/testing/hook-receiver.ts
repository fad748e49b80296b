import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A tiny webhook endpoint for tests: records every request and answers a configurable status. */

export interface ReceivedHook {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Parsed JSON body (undefined when the body is not JSON). */
  json: unknown;
}

export class HookReceiver {
  readonly received: ReceivedHook[] = [];
  private status = 200;
  private delayMs = 0;
  private waiters: (() => void)[] = [];

  private readonly server: Server;
  private address = '';

  private constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => this.record(req.method ?? 'GET', req.url ?? '/', req.headers, chunks, res));
    });
  }

  /** Where to point a hook. */
  get url(): string {
    return this.address;
  }

  static async start(options: { status?: number; host?: string } = {}): Promise<HookReceiver> {
    const host = options.host ?? '127.0.0.1';
    const receiver = new HookReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, host, () => resolve()));
    const { port } = receiver.server.address() as AddressInfo;
    receiver.address = `http://${host}:${port}/hook`;
    if (options.status !== undefined) receiver.respondWith(options.status);
    return receiver;
  }

  /** Status for the following requests (e.g. 500 to make deliveries fail). */
  respondWith(status: number, delayMs = 0): void {
    this.status = status;
    this.delayMs = delayMs;
  }

  /** Resolves once `count` requests arrived in total; rejects after `timeoutMs` (bounded polling for tests). */
  async waitFor(count: number, timeoutMs = 5_000): Promise<ReceivedHook[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} hook requests, got ${this.received.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return [...this.received];
  }

  clear(): void {
    this.received.length = 0;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private record(
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    chunks: Buffer[],
    res: ServerResponse,
  ): void {
    const body = Buffer.concat(chunks).toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    this.received.push({ method, path, headers, body, json });
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
    const answer = (): void => {
      res.writeHead(this.status, { 'Content-Type': 'text/plain' }).end('ok');
    };
    if (this.delayMs > 0) setTimeout(answer, this.delayMs);
    else answer();
  }
}
