import { Router, type Request, type Response } from 'express';
import type { EmulatorContext } from '../context';
import { CRUMB_FIELD } from '../crumb-issuer';
import { sendNotFound } from '../http-errors';
import { queueItemJson, queueJson } from '../views/queue-view';
import { rootJson, whoAmIJson } from '../views/root-view';
import { sendApi } from './api';
import { createItem } from './config-routes';
import { info } from './request-info';

const CRUMB_CLASS = 'hudson.security.csrf.DefaultCrumbIssuer';

/** Issues a crumb for the caller's session, creating the session (and its cookie) when needed. */
function issueCrumb(ctx: EmulatorContext, req: Request, res: Response): string {
  const request = info(req);
  let sessionId = request.sessionId;
  if (sessionId === undefined) {
    sessionId = ctx.crumbs.createSession(request.identity.user);
    res.append('Set-Cookie', ctx.crumbs.setCookie(sessionId));
  }
  return ctx.crumbs.crumb(request.identity.user, sessionId);
}

function queueId(raw: string | undefined): number | undefined {
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

export function rootRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res
      .status(200)
      .type('text/html;charset=utf-8')
      .send('<!DOCTYPE html><html><head><title>Dashboard [Jenkins]</title></head><body></body></html>');
  });
  router.all('/api/json', (req, res) => sendApi(req, res, () => rootJson(ctx.base(), ctx.store)));
  router.all('/whoAmI/api/json', (req, res) => sendApi(req, res, () => whoAmIJson(info(req).identity)));

  router.get('/crumbIssuer/api/json', (req, res) => {
    const crumb = issueCrumb(ctx, req, res);
    sendApi(req, res, () => ({ _class: CRUMB_CLASS, crumb, crumbRequestField: CRUMB_FIELD }));
  });
  router.post('/createItem', (req, res) => createItem(ctx, req, res, ''));

  router.all('/queue/api/json', (req, res) =>
    sendApi(req, res, () => queueJson(ctx.base(), ctx.queue.items())),
  );
  router.all('/queue/item/:id/api/json', (req, res) => {
    const id = queueId(req.params['id']);
    const item = id === undefined ? undefined : ctx.queue.get(id);
    if (!item) return sendNotFound(res, req.path);
    sendApi(req, res, () => queueItemJson(ctx.base(), item));
  });
  return router;
}
