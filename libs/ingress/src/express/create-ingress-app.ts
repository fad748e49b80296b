import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { RedisClient } from '@auto-promote/redis';
import type { Config } from '@auto-promote/config';
import type { Logger, Metrics, WebhookOutcome } from '@auto-promote/observability';
import type { PushEventProducer } from '@auto-promote/queues';
import { DeliveryBeacon, type DeliveryOutcome, type PromotionStore } from '@auto-promote/records';
import { getExplanation, type ExplainFn } from '../handlers/get-explanation';
import { getPromotion } from '../handlers/get-promotion';
import { liveness, readiness } from '../handlers/health';
import { listPromotions } from '../handlers/list-promotions';
import { authenticateWebhook, receiveWebhook } from '../handlers/receive-webhook';
import type { HeaderBag, HttpResult } from '../http-result';
import { basicAuth } from './basic-auth';
import { requestLogger } from './request-logger';
import { AuthFailureLimiter } from '../security/auth-failure-limiter';
import { DeliveryLedger } from '../security/delivery-ledger';
import { verifyWebhookSignature } from '../security/webhook-signature';

export interface IngressAppDeps {
  config: Pick<Config, 'gitlab' | 'promotion' | 'http' | 'admin' | 'redis'>;
  producer: PushEventProducer;
  /** Connection used for readiness; the producer's, so readiness reflects whether events can be stored. */
  redis: RedisClient;
  promotions: PromotionStore;
  queues: Queue[];
  metrics: Metrics;
  logger: Logger;
  accepting: () => boolean;
  /**
   * Further routes behind the admin guard, mounted before the ingress's own admin routes: the composition
   * hands in the promotion board (/board, /api/board, /api/events) this way.
   */
  adminRoutes?: AdminRoutes;
  /** `explain` for GET /api/explain; the route is not mounted without it. */
  explain?: ExplainFn;
}

/** Makes a handler (a router) whose routes are guarded by `guard`, the admin basic auth. */
export type AdminRoutes = (guard: RequestHandler) => RequestHandler;

const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

function headerBag(req: Request): HeaderBag {
  const bag: HeaderBag = {};
  for (const [name, value] of Object.entries(req.headers))
    bag[name] = Array.isArray(value) ? value[0] : value;
  return bag;
}

/**
 * Answers with a small JSON body. Written directly rather than through res.json(), whose ETag hashing and
 * freshness checks serve caches — nothing caches these answers, and the webhook path pays for every step.
 */
function send(res: Response, result: HttpResult): void {
  const body = JSON.stringify(result.body);
  res.writeHead(result.status, {
    ...result.headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Wraps an async route so a rejection reaches the error handler (which never leaks details). */
const route =
  (fn: (req: Request, res: Response) => Promise<void>) =>
  (req: Request, res: Response, next: NextFunction): void => {
    fn(req, res).catch(next);
  };

/** /healthz, /readyz and /metrics: every role serves these, the ingress and the workers alike. */
export function mountOperationalRoutes(
  app: express.Express,
  deps: Pick<IngressAppDeps, 'redis' | 'accepting' | 'metrics'>,
): void {
  app.get('/healthz', (_req, res) => send(res, liveness()));
  app.get(
    '/readyz',
    route(async (_req, res) => send(res, await readiness(deps.redis, deps.accepting))),
  );
  app.get(
    '/metrics',
    route(async (_req, res) => {
      res.set('Content-Type', deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
    }),
  );
}

/** A server for processes without the ingress role: only the operational routes. */
export function createOperationalApp(
  deps: Pick<IngressAppDeps, 'redis' | 'accepting' | 'metrics'>,
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  mountOperationalRoutes(app, deps);
  app.use((_req: Request, res: Response) => send(res, { status: 404, body: { error: 'not found' } }));
  return app;
}

/** The Express adapter of the ingress: routes, request logging, admin authentication, Bull Board. */
export function createIngressApp(deps: IngressAppDeps): express.Express {
  const { config, logger, metrics } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(requestLogger(logger, QUIET_PATHS));

  const webhookDeps = {
    secrets: config.gitlab.webhookSecrets,
    project: config.gitlab.project,
    promotionMap: config.promotion.map,
    producer: deps.producer,
    accepting: deps.accepting,
    logger,
    metrics,
  };
  const limiter = new AuthFailureLimiter(config.http.authFailuresPerMinute);
  const deliveries = new DeliveryLedger(deps.redis, config.redis.prefix);
  const beacon = new DeliveryBeacon(deps.redis, config.redis.prefix);
  const sighted = (req: Request, outcome: DeliveryOutcome): void => {
    const header = (name: string): string => String(req.headers[name] ?? '').slice(0, 200);
    const sighting = { at: Date.now(), event: header('x-gitlab-event'), uuid: header('x-gitlab-event-uuid') };
    void beacon
      .record(outcome, sighting)
      .catch((error: unknown) =>
        logger.warn({ error: (error as Error).message }, 'could not record the webhook delivery for doctor'),
      );
  };
  const refuse = (req: Request, res: Response, result: HttpResult, outcome: WebhookOutcome): void => {
    metrics.webhooks.inc({ outcome });
    if (outcome === 'unauthorized') {
      limiter.recordFailure(req.socket.remoteAddress ?? '');
      sighted(req, 'refused');
    }
    send(res, result);
  };
  app.post(
    '/webhooks/gitlab',
    (req, res, next) => {
      // Refuse what can be refused before reading a byte of the body.
      const wait = limiter.retryAfterMs(req.socket.remoteAddress ?? '');
      if (wait > 0) {
        metrics.webhooks.inc({ outcome: 'rate_limited' });
        return send(res, {
          status: 429,
          body: { error: 'too many failed authentications; try again later' },
          headers: { 'Retry-After': String(Math.ceil(wait / 1000)) },
        });
      }
      const token = req.headers['x-gitlab-token'];
      const refused = authenticateWebhook(
        { 'x-gitlab-token': Array.isArray(token) ? token[0] : token },
        config.gitlab.webhookSecrets,
      );
      if (refused) return refuse(req, res, refused, 'unauthorized');
      if (!req.is('application/json')) {
        return refuse(
          req,
          res,
          { status: 415, body: { error: 'Content-Type must be application/json' } },
          'unsupported_media_type',
        );
      }
      next();
    },
    express.raw({ type: () => true, limit: config.http.bodyLimitBytes }),
    route(async (req, res) => {
      const headers = headerBag(req);
      const raw = req.body as Buffer;
      let deliveryId: string | null = null;
      if (config.gitlab.signingKey) {
        const check = verifyWebhookSignature(
          headers,
          raw,
          config.gitlab.signingKey,
          Math.floor(Date.now() / 1000),
        );
        if (!check.ok)
          return refuse(req, res, { status: 401, body: { error: 'unauthorized' } }, 'unauthorized');
        if (await deliveries.seen(check.id)) {
          return refuse(req, res, { status: 401, body: { error: 'unauthorized' } }, 'unauthorized');
        }
        deliveryId = check.id;
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return refuse(req, res, { status: 400, body: { error: 'body is not valid JSON' } }, 'invalid');
      }
      sighted(req, 'authenticated');
      const result = await receiveWebhook(headers, body, webhookDeps);
      if ('eventId' in result.body) res.locals['eventId'] = result.body.eventId;
      if (deliveryId && result.status < 500) await deliveries.remember(deliveryId);
      send(res, result);
    }),
  );

  // After the webhook: the route GitLab calls is the first the router tries.
  mountOperationalRoutes(app, deps);

  if (config.admin) {
    const guard = basicAuth(config.admin.user, config.admin.password);
    if (deps.adminRoutes) app.use(deps.adminRoutes(guard));
    app.get(
      '/api/promotions',
      guard,
      route(async (req, res) =>
        send(res, await listPromotions(req.query as Record<string, unknown>, deps.promotions)),
      ),
    );
    app.get(
      '/api/promotions/:id',
      guard,
      route(async (req, res) => send(res, await getPromotion(String(req.params['id']), deps.promotions))),
    );
    const { explain } = deps;
    if (explain)
      app.get(
        '/api/explain',
        guard,
        route(async (req, res) =>
          send(
            res,
            await getExplanation(req.query as Record<string, unknown>, {
              map: config.promotion.map,
              explain,
            }),
          ),
        ),
      );
    const board = new ExpressAdapter();
    board.setBasePath('/admin/queues');
    createBullBoard({
      queues: deps.queues.map(
        (q) =>
          new BullMQAdapter(q, {
            readOnlyMode: !config.admin?.allowWrite,
            allowRetries: config.admin?.allowWrite,
          }),
      ),
      serverAdapter: board,
    });
    // @bull-board/express types its router as any.
    app.use('/admin/queues', guard, board.getRouter() as express.Router);
  } else {
    logger.warn('ADMIN_USER/ADMIN_PASSWORD unset: /api and /admin/queues are not mounted');
  }

  app.use((_req: Request, res: Response) => send(res, { status: 404, body: { error: 'not found' } }));
  // Errors never carry stack traces or upstream bodies to the client.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number; type?: string }).status;
    if ((error as { type?: string }).type === 'entity.too.large' || status === 413) {
      metrics.webhooks.inc({ outcome: 'too_large' });
      return send(res, {
        status: 413,
        body: { error: `body larger than ${config.http.bodyLimitBytes} bytes` },
      });
    }
    if (status !== undefined && status >= 400 && status < 500) {
      return send(res, { status, body: { error: 'bad request' } });
    }
    logger.error({ err: error, method: req.method, url: req.url }, 'request failed');
    send(res, { status: 500, body: { error: 'internal error' } });
  });
  return app;
}
