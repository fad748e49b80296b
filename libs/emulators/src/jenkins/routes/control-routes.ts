import express, { Router } from 'express';
import type { FaultState } from '../../fault-switch';
import type { EmulatorContext } from '../context';
import { sendJson } from '../http-errors';

const MODES: readonly string[] = ['up', 'down', 'refuse'];
const NUMBERS = ['downStatus', 'flakyRate', 'flakyStatus', 'delayMs'] as const;

/** Validates a Partial<FaultState> from JSON; returns an error message when it is not one. */
export function parseFaultChange(body: unknown): Partial<FaultState> | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body must be a JSON object';
  const input = body as Record<string, unknown>;
  const change: Partial<FaultState> = {};
  for (const key of Object.keys(input)) {
    const value = input[key];
    if (key === 'mode') {
      if (typeof value !== 'string' || !MODES.includes(value)) {
        return `mode must be one of ${MODES.join(', ')}`;
      }
      change.mode = value as FaultState['mode'];
    } else if ((NUMBERS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        return `${key} must be a number ≥ 0`;
      }
      change[key as (typeof NUMBERS)[number]] = value;
    } else {
      return `unknown fault setting ${key}`;
    }
  }
  if (change.flakyRate !== undefined && change.flakyRate > 1) return 'flakyRate must be within 0..1';
  return change;
}

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
