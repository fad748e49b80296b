import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBoardRouter } from '@auto-promote/board';
import { createOperationalApp } from '@auto-promote/ingress';
import type { Infrastructure } from '../infrastructure';
import { startBoard } from './board';
import type { IngressRole } from './ingress';

export interface HttpTimeouts {
  /** A client must have sent all request headers within this (slowloris). Default 10 s. */
  headersMs: number;
  /** …and the whole request, body included, within this. Default 30 s. */
  requestMs: number;
  /** Idle keep-alive connections are closed after this. Default 5 s. */
  keepAliveMs: number;
}

const DEFAULT_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 };

export interface HttpHostOptions {
  /** The ingress to serve; without it only /healthz, /readyz and /metrics are served. */
  ingress: IngressRole | null;
  /** False once the process shuts down: readiness and new webhooks then answer 503. */
  accepting: () => boolean;
  timeouts?: Partial<HttpTimeouts>;
}

/** The HTTP server of a process. */
export interface HttpHost {
  readonly url: string;
  readonly server: Server;
  /** Ends the board's live streams (they would hold the server open), then closes every connection. */
  stop(): Promise<void>;
}

/** Guards against slow clients holding sockets open (slowloris) and oversized header sets. */
function hardenServer(server: Server, timeouts: HttpTimeouts): void {
  server.headersTimeout = timeouts.headersMs;
  server.requestTimeout = timeouts.requestMs;
  server.keepAliveTimeout = timeouts.keepAliveMs;
  server.maxHeadersCount = 100;
}

async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${shown}:${address.port}`;
}

/**
 * The HTTP host: the ingress with the promotion board mounted behind the admin guard (when admin
 * credentials are set), or the operational routes alone for a worker-only process.
 */
export async function startHttp(infra: Infrastructure, options: HttpHostOptions): Promise<HttpHost> {
  const { config } = infra;
  const { ingress, accepting } = options;
  const board = ingress && config.admin ? startBoard(infra) : null;
  const app = ingress
    ? ingress.app({ accepting, adminRoutes: board ? (guard) => createBoardRouter(board, guard) : undefined })
    : createOperationalApp({ redis: infra.redis, accepting, metrics: infra.metrics });
  // Timeouts are checked every second (Node's default is every 30 s).
  const server = createServer({ connectionsCheckingInterval: 1_000 }, app);
  hardenServer(server, { ...DEFAULT_TIMEOUTS, ...options.timeouts });
  let url: string;
  try {
    url = await listen(server, config.http.port, config.http.host);
  } catch (error) {
    await board?.close();
    throw error;
  }
  return {
    url,
    server,
    stop: async () => {
      await board?.close();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await stopped;
    },
  };
}
