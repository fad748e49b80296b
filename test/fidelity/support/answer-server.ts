import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One canned answer: a real body served at the path (and, optionally, query) a client requests. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT';
  /** The request's pathname exactly as sent (percent-encoding kept). */
  path: string;
  query?: (query: URLSearchParams) => boolean;
  status?: number;
  body: string;
  contentType?: string;
}

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  matched: boolean;
}

/**
 * A local node:http server answering only the given routes, with their bodies as they are. Anything else is a
 * 404 and is recorded as unmatched, so a test can show that the client asked exactly where the answer was.
 */
export class AnswerServer {
  readonly requests: SeenRequest[] = [];
  private routes: Route[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<AnswerServer> {
    const holder: { self?: AnswerServer } = {};
    const server = createServer((req, res) => holder.self?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.self = new AnswerServer(server, `http://127.0.0.1:${port}`);
    return holder.self;
  }

  /** Replaces the routes and forgets earlier requests. */
  serve(...routes: Route[]): this {
    this.routes = routes;
    this.requests.length = 0;
    return this;
  }

  get unmatched(): SeenRequest[] {
    return this.requests.filter((r) => !r.matched);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    req.on('end', () => {
      const raw = req.url ?? '/';
      const q = raw.indexOf('?');
      const path = q < 0 ? raw : raw.slice(0, q);
      const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
      const route = this.routes.find(
        (r) => r.method === req.method && r.path === path && (r.query?.(query) ?? true),
      );
      this.requests.push({ method: req.method ?? '', path, query, matched: route !== undefined });
      if (!route) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end('{"message":"404 Not Found"}');
        return;
      }
      res.writeHead(route.status ?? 200, { 'Content-Type': route.contentType ?? 'application/json' });
      res.end(route.body);
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
