import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '@auto-promote/config';
import type { EmulatedProject, GitLabEmulator, JenkinsEmulator } from '@auto-promote/emulators';
import { createLogger, type Logger } from '@auto-promote/observability';
import { createInfrastructure, startService, type RunningService } from '@auto-promote/runtime';
import { deletePrefix } from './delete-prefix';
import { SANDBOX_PROJECT } from './deployments-repository';
import { locateRedis } from './locate-redis';
import { probePort } from './private-redis-server';
import { startEmulatedWorld } from './emulated-world';
import { removeSandboxState, writeSandboxState, type SandboxState } from './sandbox-state';

export interface SandboxOptions {
  /** Preferred ports; a busy one falls back to a free port. 0 = any free port. */
  ports?: { autoPromote?: number; gitlab?: number; jenkins?: number };
  redisUrl?: string;
  /** Defaults to a fresh `sandbox-<random>` prefix, removed again on close. */
  queuePrefix?: string;
  /** Extra configuration for auto-promote (e.g. a shorter poll interval in tests). */
  env?: Record<string, string>;
  /** Where auto-promote's JSON log goes; a file in the sandbox's temp dir by default. */
  logger?: Logger;
  /** Write the state file the `auto-promote-sandbox` drive commands read (default true). */
  writeState?: boolean;
}

export interface Sandbox {
  gitlab: GitLabEmulator;
  jenkins: JenkinsEmulator;
  project: EmulatedProject;
  service: RunningService;
  config: Config;
  redisUrl: string;
  /** True when the sandbox started a redis-server of its own. */
  privateRedis: boolean;
  admin: { user: string; password: string };
  state: SandboxState;
  logFile: string | null;
  close(): Promise<void>;
}

async function onPreferredPort<T>(
  preferred: number | undefined,
  start: (port: number) => Promise<T>,
): Promise<T> {
  if (!preferred) return start(0);
  try {
    return await start(preferred);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') return start(0);
    throw error;
  }
}

/**
 * auto-promote with all roles, against a git-backed GitLab emulator seeded as a deployments
 * repository and a Jenkins emulator whose promote-environment job opens real merge requests —
 * everything on loopback, so a promotion can be watched with no external system.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const workDir = mkdtempSync(join(tmpdir(), 'auto-promote-sandbox-'));
  const redis = await locateRedis(options.redisUrl ?? process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
  const adminPassword = randomBytes(9).toString('base64url');
  const prefix = options.queuePrefix ?? `sandbox-${randomBytes(3).toString('hex')}`;

  const gitlabPort = await onPreferredPort(options.ports?.gitlab, async (port) =>
    port === 0 ? 0 : probePort(port),
  );
  const jenkinsPort = await onPreferredPort(options.ports?.jenkins, async (port) =>
    port === 0 ? 0 : probePort(port),
  );
  // The realistic repository and a promote-environment job that opens merge requests; fresh secrets.
  const world = await startEmulatedWorld({ ports: { gitlab: gitlabPort, jenkins: jenkinsPort } });
  const { gitlab, jenkins, project } = world;

  const logFile = options.logger ? null : join(workDir, 'auto-promote.log');
  const logger =
    options.logger ??
    createLogger({ level: 'debug', destination: createWriteStream(logFile ?? '/dev/null') });
  const configFor = (port: number) =>
    loadConfig({
      env: {
        REDIS_URL: redis.url,
        QUEUE_PREFIX: prefix,
        PORT: String(port),
        HOST: '127.0.0.1',
        ...world.env,
        ADMIN_USER: 'admin',
        ADMIN_PASSWORD: adminPassword,
        ADMIN_ALLOW_WRITE: 'true',
        JENKINS_POLL_INTERVAL_MS: '200',
        RETRY_MAX_DELAY_MS: '5000',
        ...options.env,
      },
    });
  let config = configFor(options.ports?.autoPromote ?? 3000);
  const service = await onPreferredPort(config.http.port, async (port) => {
    config = configFor(port);
    return startService(config, { roles: ['ingress', 'planner', 'dispatcher'], logger });
  });

  // What `auto-promote setup webhook` does against a real GitLab.
  world.addHook({
    url: `${service.url}/webhooks/gitlab`,
    name: 'auto-promote',
    enableSslVerification: false,
    promotionMap: config.promotion.map,
  });

  const state: SandboxState = {
    pid: process.pid,
    autoPromoteUrl: service.url ?? '',
    gitlabUrl: gitlab.url,
    gitlabToken: world.credentials.gitlabToken,
    projectId: project.id,
    projectPath: SANDBOX_PROJECT,
    jenkinsUrl: jenkins.url,
    admin: { user: 'admin', password: adminPassword },
  };
  if (options.writeState !== false) writeSandboxState(state);

  let closed: Promise<void> | null = null;
  return {
    gitlab,
    jenkins,
    project,
    service,
    config,
    redisUrl: redis.url,
    privateRedis: redis.server !== null,
    admin: state.admin,
    state,
    logFile,
    close: () => {
      closed ??= (async () => {
        await service.close(5_000);
        await world.stop();
        if (redis.server) await redis.server.stop();
        else if (!options.queuePrefix) {
          const infra = createInfrastructure(config, { logger });
          await deletePrefix(infra.redis, prefix).finally(() => infra.close());
        }
        if (options.writeState !== false) removeSandboxState(process.pid);
        rmSync(workDir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}
