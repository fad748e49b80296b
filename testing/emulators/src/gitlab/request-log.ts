import type { NextFunction, Request, Response } from 'express';

/** One API request as the emulator saw it; `route` lets tests count calls per endpoint. */
export interface RecordedRequest {
  method: string;
  /** Route pattern with the method, e.g. "GET /projects/:id/repository/compare" ("GET <path>" when unrouted). */
  route: string;
  /** Route pattern without the method, e.g. "/projects/:id/repository/compare". */
  path: string;
  /** The URL as requested, query included. */
  url: string;
  status: number;
}

/** Records /api/v4 requests once answered (faulted ones included; dropped connections have no answer). */
export class RequestLog {
  readonly entries: RecordedRequest[] = [];

  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const url = req.originalUrl;
      res.on('finish', () => {
        const routed: unknown = res.locals['route'];
        const route = typeof routed === 'string' ? routed : `${req.method} ${req.path}`;
        this.entries.push({
          method: req.method,
          route,
          path: route.slice(route.indexOf(' ') + 1),
          url,
          status: res.statusCode,
        });
      });
      next();
    };
  }

  /** Requests matching "GET /projects/:id/repository/compare" (or just the pattern, any method). */
  count(route: string): number {
    return this.entries.filter((entry) => entry.route === route || entry.path === route).length;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
