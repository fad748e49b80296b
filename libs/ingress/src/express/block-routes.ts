import express, { type Request, type RequestHandler } from 'express';
import { liftBlock, listBlocks, placeBlock, type BlockApiDeps } from '../handlers/blocks';
import type { HttpResult } from '../http-result';

/** Turns a framework-free handler into a route that writes its result (the ingress app's own way). */
export type Handle = (fn: (req: Request) => Promise<HttpResult>) => RequestHandler;

/** /api/blocks: list, place and lift quarantined versions, behind the admin guard (writes need ADMIN_ALLOW_WRITE). */
export function mountBlockRoutes(
  app: express.Express,
  guard: RequestHandler,
  deps: BlockApiDeps,
  handle: Handle,
): void {
  const query = (req: Request): Record<string, unknown> => req.query;
  app.get(
    '/api/blocks',
    guard,
    handle((req) => listBlocks(query(req), deps)),
  );
  app.post(
    '/api/blocks',
    guard,
    express.json({ limit: '16kb' }),
    handle((req) => placeBlock(req.body, deps)),
  );
  app.delete(
    '/api/blocks',
    guard,
    handle((req) => liftBlock(null, query(req), deps)),
  );
  app.delete(
    '/api/blocks/:id',
    guard,
    handle((req) => liftBlock(String(req.params['id']), query(req), deps)),
  );
}
