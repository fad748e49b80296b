import express, { Router } from 'express';
import { parseFaultChange } from '../../fault-switch';
import type { EmulatorContext } from '../context';
import { sendJson } from '../http-errors';

/** Auth-free, fault-exempt routes for the sandbox and tests. */
export function controlRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  router.use(express.json({ limit: '1mb' }));
  router.get('/health', (_req, res) =>
    sendJson(res, { status: 'ok', version: ctx.version, faults: ctx.faults.current }),
  );
  router.get('/faults', (_req, res) => sendJson(res, ctx.faults.current));
  router.post('/faults', (req, res) => {
    const change = parseFaultChange(req.body);
    if (typeof change === 'string') return sendJson(res, { error: change }, 400);
    // Apply after answering: `refuse` would otherwise drop this very connection.
    res.once('finish', () => ctx.faults.set(change));
    sendJson(res, { ...ctx.faults.current, ...change });
  });
  router.get('/triggers', (_req, res) => sendJson(res, ctx.triggers));
  router.get('/requests', (_req, res) => sendJson(res, ctx.requests));
  return router;
}
