import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  EnvironmentStateStore,
  createBoardRuntime,
  singleFlightObserver,
  type BoardRuntime,
  type ObserverHandle,
} from '@auto-promote/board';
import { maskConfig, type Config } from '@auto-promote/config';
import { JenkinsCircuit, createDispatcherWorkers, createFeedbackWorker } from '@auto-promote/dispatcher';
import { GitLabClient } from '@auto-promote/gitlab';
import { createIngressApp, createOperationalApp } from '@auto-promote/ingress';
import { JenkinsClient } from '@auto-promote/jenkins';
import { createLogger, Metrics, type Logger } from '@auto-promote/observability';
import {
  LatestPromotions,
  PlannedHeads,
  createPlannerWorker,
  createReconcilerWorker,
} from '@auto-promote/planner';
import {
  PushEventProducer,
  QUEUE_NAMES,
  createRedisConnection,
  redisKeys,
  feedbackNotifier,
  type BuildJobData,
  type FeedbackJobData,
  type PromotionJobData,
  type PushEventJobData,
} from '@auto-promote/queues';
import { EventStore, FreezeStore, PROMOTION_STATUSES, PromotionStore } from '@auto-promote/records';
import { checkRedis } from './check-redis';

export const ROLES = ['ingress', 'planner', 'dispatcher'] as const;
export type Role = (typeof ROLES)[number];

export interface StartServiceOptions {
  roles: readonly Role[];
  logger?: Logger;
  /** Serve HTTP (the ingress, or health and metrics for worker-only processes). Default true. */
  http?: boolean;
  /** Slow-client limits; the defaults suit production, tests shorten them. */
  httpTimeouts?: Partial<HttpTimeouts>;
}

export interface HttpTimeouts {
  /** A client must have sent all request headers within this (slowloris). Default 10 s. */
  headersMs: number;
  /** …and the whole request, body included, within this. Default 30 s. */
  requestMs: number;
  /** Idle keep-alive connections are closed after this. Default 5 s. */
  keepAliveMs: number;
}

const DEFAULT_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 };

export interface RunningService {
  readonly roles: readonly Role[];
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Base URL of the HTTP server, when one runs. */
  readonly url: string | null;
  readonly server: Server | null;
  /** Stops taking work, lets workers finish in-flight jobs (bounded), closes connections. */
  close(timeoutMs?: number): Promise<void>;
}

/** How long planned pushes are gathered before the board's environments are observed again. */
const OBSERVE_AFTER_PUSHES_MS = 1_000;

/**
 * `request` arranges one call of `fn` `ms` later; requests before it fires join that call. A burst of
 * planned pushes becomes one environment observation a second instead of one per push.
 */
function coalesce(fn: () => void, ms: number): { request: () => void; cancel: () => void } {
  let timer: NodeJS.Timeout | null = null;
  return {
    request: () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        fn();
      }, ms);
      timer.unref();
    },
    cancel: () => {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
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
 * Starts the given roles in this process, sharing connections, metrics and logger. Each role is
 * stateless: correctness (dedupe, ordering, supersede) lives in Redis, so any number of processes may run.
 */
export async function startService(config: Config, options: StartServiceOptions): Promise<RunningService> {
  const roles = [...new Set(options.roles)];
  const logger = options.logger ?? createLogger({ level: config.logLevel, name: roles.join('+') });
  const metrics = new Metrics();
  const prefix = config.redis.prefix;
  const connections: Redis[] = [];
  const connect = (role: Parameters<typeof createRedisConnection>[1], name: string): Redis => {
    const connection = createRedisConnection(config.redis.url, role, name, config.redis.sentinel);
    connection.on('error', (error: Error) =>
      logger.debug({ connection: name, error: error.message }, 'Redis connection error'),
    );
    connections.push(connection);
    return connection;
  };

  const client = connect('client', 'client');
  try {
    await checkRedis(client, logger, { allowEviction: config.redisPolicy.allowEviction });
  } catch (error) {
    client.disconnect();
    throw error;
  }
  const promotions = new PromotionStore(client, prefix, { retentionDays: config.retention.recordDays });
  const events = new EventStore(client, prefix, { retentionDays: config.retention.recordDays });
  const queue = <T>(name: string, connection: Redis = client) => new Queue<T>(name, { connection, prefix });
  // The webhook path fails fast (503) instead of buffering events in memory while Redis is away.
  const producerRedis = roles.includes('ingress') ? connect('producer', 'producer') : client;
  const pushQueue = queue<PushEventJobData>(QUEUE_NAMES.pushEvents, producerRedis);
  const promotionsQueue = queue<PromotionJobData>(QUEUE_NAMES.promotions);
  const buildsQueue = queue<BuildJobData>(QUEUE_NAMES.builds);
  const queues: Queue[] = [pushQueue, promotionsQueue, buildsQueue];
  const producer = new PushEventProducer(pushQueue, producerRedis, prefix);
  const workers: Worker[] = [];
  const circuit = new JenkinsCircuit(
    client,
    redisKeys(prefix).jenkinsFailures,
    logger.child({ role: 'dispatcher' }),
    {
      maxDelayMs: config.retry.maxDelayMs,
    },
  );
  let accepting = true;
  const freezes = new FreezeStore(client, prefix);
  // GitLab feedback (commit statuses, notes) goes through a queue of its own: never in a promotion's way.
  const feedbackOn = config.gitlab.feedback.status || config.gitlab.feedback.note;
  const feedbackQueue = feedbackOn ? queue<FeedbackJobData>(QUEUE_NAMES.feedback) : null;
  if (feedbackQueue) queues.push(feedbackQueue);
  const notifyFeedback = feedbackQueue
    ? feedbackNotifier(
        feedbackQueue,
        (error, eventId) => {
          metrics.gitlabFeedback.inc({ kind: 'status', outcome: 'failed' });
          logger.warn({ eventId, error: error.message }, 'could not queue GitLab feedback');
        },
        config.gitlab.feedback.delayMs,
      )
    : undefined;
  const targets = [...new Set(config.promotion.map.values())];

  metrics.onCollect(async () => {
    const [counts, byStatus, circuitOpen, frozenTargets, frozenPromotions] = await Promise.all([
      Promise.all(queues.map(async (q) => [q.name, await q.getJobCounts()] as const)),
      promotions.countByStatus(),
      circuit.isOpen(),
      freezes.list(),
      promotions.countFrozen(),
    ]);
    for (const target of new Set([...targets, ...frozenTargets.map((f) => f.target)])) {
      metrics.frozenTargets.set({ target }, frozenTargets.some((f) => f.target === target) ? 1 : 0);
      metrics.frozenPromotions.set({ target }, frozenPromotions[target] ?? 0);
    }
    for (const [name, states] of counts) {
      for (const [state, n] of Object.entries(states)) metrics.queueJobs.set({ queue: name, state }, n);
    }
    for (const status of PROMOTION_STATUSES) metrics.promotions.set({ status }, byStatus[status]);
    metrics.jenkinsCircuitOpen.set(circuitOpen ? 1 : 0);
  });

  const workerOptions = (name: string) => ({
    connection: connect('worker', name),
    prefix,
    retryMaxDelayMs: config.retry.maxDelayMs,
  });

  let observer: ObserverHandle | null = null;
  let cancelObservation: (() => void) | null = null;
  if (roles.includes('planner')) {
    const gitlab = new GitLabClient({
      url: config.gitlab.url,
      token: config.gitlab.token,
      timeoutMs: config.gitlab.timeoutMs,
      instrument: (operation, call) => metrics.time(metrics.gitlabRequests, operation, call),
    });
    const plannedHeads = new PlannedHeads(client, prefix);
    const plannerLogger = logger.child({ role: 'planner' });
    // The board's environment observer: after each reconcile and after planned pushes.
    const environmentObserver = singleFlightObserver({
      config,
      gitlab,
      store: new EnvironmentStateStore(client, prefix),
      logger: plannerLogger,
    });
    observer = environmentObserver;
    const plannerWorker = createPlannerWorker(
      {
        config,
        gitlab,
        promotions,
        events,
        promotionsQueue,
        latest: new LatestPromotions(client, prefix),
        plannedHeads,
        logger: plannerLogger,
        metrics,
        notifyFeedback,
      },
      { ...workerOptions('planner'), concurrency: config.workers.plannerConcurrency },
    );
    // Once a second at most: per planned push, the observation would add four GitLab calls to every push.
    const observeSoon = coalesce(() => void environmentObserver.request(), OBSERVE_AFTER_PUSHES_MS);
    cancelObservation = observeSoon.cancel;
    plannerWorker.on('completed', observeSoon.request);
    workers.push(plannerWorker);
    const reconciler = await createReconcilerWorker(
      { config, gitlab, plannedHeads, producer, logger: plannerLogger },
      {
        connection: connect('worker', 'reconciler'),
        queueConnection: client,
        prefix,
        intervalMs: config.reconcile.intervalMs,
        afterReconcile: environmentObserver.request,
      },
    );
    workers.push(reconciler.worker);
    queues.push(reconciler.queue);
  }
  if (roles.includes('dispatcher')) {
    const latestPromotions = new LatestPromotions(client, prefix);
    const jenkins = new JenkinsClient({
      url: config.jenkins.url,
      user: config.jenkins.user,
      apiToken: config.jenkins.apiToken,
      job: config.jenkins.job,
      timeoutMs: config.jenkins.timeoutMs,
      instrument: (operation, call) => metrics.time(metrics.jenkinsRequests, operation, call),
    });
    workers.push(
      ...createDispatcherWorkers(
        {
          config,
          jenkins,
          promotions,
          promotionsQueue,
          buildsQueue,
          circuit,
          freezes,
          logger: logger.child({ role: 'dispatcher' }),
          metrics,
          notifyFeedback,
          latestPromotion: (targetEnv, app) => latestPromotions.get(targetEnv, app),
        },
        {
          ...workerOptions('dispatcher'),
          concurrency: config.workers.dispatcherConcurrency,
          maxTriggersPerSecond: config.jenkins.maxTriggersPerSecond,
        },
      ),
    );
    if (feedbackOn) {
      const feedbackGitlab = new GitLabClient({
        url: config.gitlab.url,
        token: config.gitlab.token,
        timeoutMs: config.gitlab.timeoutMs,
        instrument: (operation, call) => metrics.time(metrics.gitlabRequests, operation, call),
      });
      workers.push(
        createFeedbackWorker(
          {
            config,
            gitlab: feedbackGitlab,
            events,
            promotions,
            redis: client,
            prefix,
            logger: logger.child({ role: 'feedback' }),
            metrics,
          },
          { ...workerOptions('feedback') },
        ),
      );
    }
  }
  for (const worker of workers) {
    worker.on('error', (error) => logger.warn({ worker: worker.name, error: error.message }, 'worker error'));
  }

  let server: Server | null = null;
  let url: string | null = null;
  let board: BoardRuntime | undefined;
  if (options.http !== false) {
    if (roles.includes('ingress') && config.admin) {
      board = createBoardRuntime({
        config,
        redis: client,
        connect: () => connect('client', 'board-events'),
        promotions,
        logger: logger.child({ role: 'board' }),
        freezes: { listFreezes: () => freezes.list() },
      });
    }
    const appDeps = { redis: producerRedis, accepting: () => accepting, metrics };
    const app = roles.includes('ingress')
      ? createIngressApp({ ...appDeps, config, producer, promotions, queues, logger, board })
      : createOperationalApp(appDeps);
    // Timeouts are checked every second (Node's default is every 30 s).
    server = createServer({ connectionsCheckingInterval: 1_000 }, app);
    hardenServer(server, { ...DEFAULT_TIMEOUTS, ...options.httpTimeouts });
    url = await listen(server, config.http.port, config.http.host);
  }
  logger.info({ roles, url, config: maskConfig(config) }, 'auto-promote started');

  let closing: Promise<void> | null = null;
  const close = (timeoutMs = config.shutdown.timeoutMs): Promise<void> => {
    closing ??= (async () => {
      // Readiness turns 503 and new webhooks are refused with 503 while in-flight work finishes.
      accepting = false;
      logger.info({ roles, timeoutMs }, 'shutting down: finishing in-flight jobs');
      const workersClosed = Promise.all(workers.map((w) => w.close()));
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      if ((await Promise.race([workersClosed, timedOut])) === 'timeout') {
        logger.warn('in-flight jobs did not finish in time; forcing workers closed');
        await Promise.all(workers.map((w) => w.close(true)));
      }
      clearTimeout(timer);
      cancelObservation?.();
      await observer?.idle();
      // Open live-update streams would keep the server from closing: end them first.
      await board?.close();
      if (server) {
        const stopped = new Promise<void>((resolve) => server!.close(() => resolve()));
        server.closeAllConnections();
        await stopped;
      }
      await Promise.all(queues.map((q) => q.close()));
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
      logger.info('stopped');
    })();
    return closing;
  };

  return { roles, logger, metrics, url, server, close };
}
