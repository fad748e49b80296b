import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { BoardRuntime } from './board-runtime';
import { getBoard } from './handlers/get-board';

/** The page loads only its own files: no inline script, no CDN, no framing. */
const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * `/board` (the built page), `/api/board` (its data) and `/api/events` (live updates), all behind `guard`
 * (the admin basic auth).
 */
export function createBoardRouter(board: BoardRuntime, guard: RequestHandler): express.Router {
  const router = express.Router();
  router.get(
    '/api/board',
    guard,
    (req: Request, res: Response, next: NextFunction) =>
      void getBoard(req.query as Record<string, unknown>, board.deps)
        .then((result) => {
          if (result.headers) res.set(result.headers);
          res.status(result.status).json(result.body);
        })
        .catch(next),
  );
  router.get('/api/events', guard, (req: Request, res: Response) => board.live.open(req, res));

  router.use('/board', guard, (req: Request, res: Response, next: NextFunction) => {
    res.set(PAGE_HEADERS);
    if (!board.assetsDir) {
      res
        .status(503)
        .type('text/plain')
        .send('The board is not built: run `npm run build` (it writes dist/board).\n');
      return;
    }
    // `/board` → `/board/`, so the page's relative asset URLs resolve under /board/.
    if (req.originalUrl.split('?')[0] === '/board') return res.redirect(301, '/board/');
    next();
  });
  if (board.assetsDir) {
    router.use(
      '/board',
      express.static(board.assetsDir, {
        index: 'index.html',
        redirect: false,
        fallthrough: true,
        setHeaders: (res, path) =>
          res.setHeader(
            'Cache-Control',
            path.includes('/assets/') ? 'private, max-age=31536000, immutable' : 'no-cache',
          ),
      }),
    );
  }
  return router;
}
