import type { Server } from 'node:http';
import { maskConfig, type Config } from '@auto-promote/config';
import type { Logger, Metrics } from '@auto-promote/observability';
import { checkRedis } from './check-redis';
import { createInfrastructure } from './infrastructure';
import { startDispatcher } from './roles/dispatcher';
import { startHttp, type HttpHost, type HttpTimeouts } from './roles/http';
import { startIngress } from './roles/ingress';
import { startPlanner } from './roles/planner';
import type { RunningRole } from './roles/role';
import { collectServiceMetrics } from './service-metrics';
import { collectHookHealthMetrics } from './hook-health-metrics';

export type { HttpTimeouts } from './roles/http';

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

/**
 * Starts the given roles in this process, all composed from one infrastructure (connections, queues,
 * stores, clients, logger, metrics). Each role is stateless: correctness (dedupe, ordering, supersede)
 * lives in Redis, so any number of processes may run.
 */
export async function startService(config: Config, options: StartServiceOptions): Promise<RunningService> {
  const roles = [...new Set(options.roles)];
  const infra = createInfrastructure(config, { logger: options.logger, name: roles.join('+') });
  const { logger } = infra;
  let accepting = true;
  const workers: RunningRole[] = [];
  let http: HttpHost | null = null;
  try {
    await checkRedis(infra.redis, logger, { allowEviction: config.redisPolicy.allowEviction });
    collectServiceMetrics(infra);
    collectHookHealthMetrics(infra);
    const ingress = roles.includes('ingress') ? startIngress(infra) : null;
    if (roles.includes('planner')) workers.push(await startPlanner(infra));
    if (roles.includes('dispatcher')) workers.push(startDispatcher(infra));
    if (options.http !== false) {
      http = await startHttp(infra, { ingress, accepting: () => accepting, timeouts: options.httpTimeouts });
    }
  } catch (error) {
    await Promise.all(workers.map((role) => role.stop(0)));
    await infra.close();
    throw error;
  }
  const url = http?.url ?? null;
  logger.info({ roles, url, config: maskConfig(config) }, 'auto-promote started');

  let closing: Promise<void> | null = null;
  const close = (timeoutMs = config.shutdown.timeoutMs): Promise<void> => {
    closing ??= (async () => {
      // Readiness turns 503 and new webhooks are refused with 503 while in-flight work finishes.
      accepting = false;
      logger.info({ roles, timeoutMs }, 'shutting down: finishing in-flight jobs');
      await Promise.all(workers.map((role) => role.stop(timeoutMs)));
      await http?.stop();
      await infra.close();
      logger.info('stopped');
    })();
    return closing;
  };

  return { roles, logger, metrics: infra.metrics, url, server: http?.server ?? null, close };
}
