import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { maskConfig, type Config } from '@auto-promote/config';
import { createDispatcherWorker } from '@auto-promote/dispatcher';
import { GitLabClient } from '@auto-promote/gitlab';
import { createIngressApp, createOperationalApp } from '@auto-promote/ingress';
import { JenkinsClient } from '@auto-promote/jenkins';
import { createLogger, Metrics, type Logger } from '@auto-promote/observability';
import { createPlannerWorker } from '@auto-promote/planner';
import {
  PushEventProducer,
  QUEUE_NAMES,
  createRedisConnection,
  type PromotionJobData,
  type PushEventJobData,
} from '@auto-promote/queues';
import { EventStore, PROMOTION_STATUSES, PromotionStore } from '@auto-promote/records';
import { checkRedis } from './check-redis';

export const ROLES = ['ingress', 'planner', 'dispatcher'] as const;
export type Role = (typeof ROLES)[number];

export interface StartServiceOptions {
  roles: readonly Role[];
  logger?: Logger;
  /** Serve HTTP (the ingress, or health and metrics for worker-only processes). Default true. */
  http?: boolean;
}

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

/** Guards against slow clients holding sockets open (slowloris). */
function hardenServer(server: Server): void {
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  server.maxHeadersCount = 100;
}

/**
 * Starts the given roles in this process, sharing connections, metrics and logger. Each role is
 * stateless: correctness (dedupe, ordering) lives in Redis, so any number of processes may run.
 */
export async function startService(config: Config, options: StartServiceOptions): Promise<RunningService> {
  const roles = [...new Set(options.roles)];
  const logger = options.logger ?? createLogger({ level: config.logLevel, name: roles.join('+') });
  const metrics = new Metrics();
  const prefix = config.redis.prefix;
  const connections: Redis[] = [];
  const connect = (role: Parameters<typeof createRedisConnection>[1], name: string): Redis => {
    const connection = createRedisConnection(config.redis.url, role, name);
    connection.on('error', (error: Error) =>
      logger.debug({ connection: name, error: error.message }, 'Redis connection error'),
    );
    connections.push(connection);
    return connection;
  };

  const client = connect('client', 'client');
  await checkRedis(client, logger);
  const promotions = new PromotionStore(client, prefix, { retentionDays: config.retention.recordDays });
  const events = new EventStore(client, prefix, { retentionDays: config.retention.recordDays });
  const promotionsQueue = new Queue<PromotionJobData>(QUEUE_NAMES.promotions, { connection: client, prefix });
  const queues: Queue[] = [promotionsQueue];
  const workers: Worker[] = [];
  let accepting = true;

  metrics.onCollect(async () => {
    const [counts, byStatus] = await Promise.all([
      Promise.all(queues.map(async (q) => [q.name, await q.getJobCounts()] as const)),
      promotions.countByStatus(),
    ]);
    for (const [name, states] of counts) {
      for (const [state, n] of Object.entries(states)) metrics.queueJobs.set({ queue: name, state }, n);
    }
    for (const status of PROMOTION_STATUSES) metrics.promotions.set({ status }, byStatus[status]);
  });

  let producerRedis: Redis = client;
  let pushQueue: Queue<PushEventJobData>;
  if (roles.includes('ingress')) {
    // The webhook path fails fast (503) instead of buffering events in memory while Redis is away.
    producerRedis = connect('producer', 'producer');
    pushQueue = new Queue<PushEventJobData>(QUEUE_NAMES.pushEvents, { connection: producerRedis, prefix });
  } else {
    pushQueue = new Queue<PushEventJobData>(QUEUE_NAMES.pushEvents, { connection: client, prefix });
  }
  queues.unshift(pushQueue);

  if (roles.includes('planner')) {
    const gitlab = new GitLabClient({
      url: config.gitlab.url,
      token: config.gitlab.token,
      timeoutMs: config.gitlab.timeoutMs,
      instrument: (operation, call) => metrics.time(metrics.gitlabRequests, operation, call),
    });
    workers.push(
      createPlannerWorker(
        {
          config,
          gitlab,
          promotions,
          events,
          promotionsQueue,
          logger: logger.child({ role: 'planner' }),
          metrics,
        },
        {
          connection: connect('worker', 'planner'),
          prefix,
          concurrency: config.workers.plannerConcurrency,
          retryMaxDelayMs: config.retry.maxDelayMs,
        },
      ),
    );
  }
  if (roles.includes('dispatcher')) {
    const jenkins = new JenkinsClient({
      url: config.jenkins.url,
      user: config.jenkins.user,
      apiToken: config.jenkins.apiToken,
      job: config.jenkins.job,
      timeoutMs: config.jenkins.timeoutMs,
      instrument: (operation, call) => metrics.time(metrics.jenkinsRequests, operation, call),
    });
    workers.push(
      createDispatcherWorker(
        { config, jenkins, promotions, logger: logger.child({ role: 'dispatcher' }), metrics },
        {
          connection: connect('worker', 'dispatcher'),
          prefix,
          concurrency: config.workers.dispatcherConcurrency,
          retryMaxDelayMs: config.retry.maxDelayMs,
        },
      ),
    );
  }
  for (const worker of workers) {
    worker.on('error', (error) => logger.warn({ worker: worker.name, error: error.message }, 'worker error'));
  }

  let server: Server | null = null;
  let url: string | null = null;
  if (options.http !== false) {
    const appDeps = { redis: producerRedis, accepting: () => accepting, metrics };
    const app = roles.includes('ingress')
      ? createIngressApp({
          ...appDeps,
          config,
          producer: new PushEventProducer(pushQueue, producerRedis, prefix),
          promotions,
          queues,
          logger,
        })
      : createOperationalApp(appDeps);
    server = createServer(app);
    hardenServer(server);
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(config.http.port, config.http.host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host;
    url = `http://${host}:${address.port}`;
  }
  logger.info({ roles, url, config: maskConfig(config) }, 'auto-promote started');

  let closing: Promise<void> | null = null;
  const close = (timeoutMs = 25_000): Promise<void> => {
    closing ??= (async () => {
      accepting = false;
      logger.info({ roles }, 'shutting down');
      const serverClosed = server
        ? new Promise<void>((resolve) => {
            server!.close(() => resolve());
            server!.closeIdleConnections();
          })
        : Promise.resolve();
      // Workers finish their in-flight jobs; past the bound they are forced so locks are released.
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
      server?.closeAllConnections();
      await serverClosed;
      await Promise.all(queues.map((q) => q.close()));
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
      logger.info('stopped');
    })();
    return closing;
  };

  return { roles, logger, metrics, url, server, close };
}
