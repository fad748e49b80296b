import { randomBytes } from 'node:crypto';
import type { RedisClient } from '@auto-promote/redis';
import { loadConfig, type Config } from '@auto-promote/config';
import type { EmulatedProject, GitLabEmulator, JenkinsEmulator } from '@auto-promote/emulators';
import { createLogger } from '@auto-promote/observability';
import { QUEUE_NAMES } from '@auto-promote/queues';
import { startService, type Infrastructure, type Role, type RunningService } from '@auto-promote/runtime';
import type { EmulatedWorld } from '@auto-promote/sandbox';
import { LogCapture, countBuilds, manifest, startTestWorld, testInfrastructure } from '../../support/stack';
import { REDIS_URL, deletePrefix } from '../../support/redis';
import { RoleProcess as SharedRoleProcess } from '../../support/role-process';
import { waitFor } from '../../support/wait-for';

/** A role in its own process, logging as FAULTS_LOG_LEVEL (default warn) into FAULTS_LOG_DIR when set. */
export class RoleProcess extends SharedRoleProcess {
  constructor(roles: Role[], env: NodeJS.ProcessEnv) {
    super(roles, env, {
      logLevel: process.env['FAULTS_LOG_LEVEL'] ?? 'warn',
      logDir: process.env['FAULTS_LOG_DIR'],
    });
  }
}

export interface FaultStackOptions {
  name: string;
  redisUrl?: string;
  /** Roles run inside the test process; the others are started by the scenario as RoleProcess. */
  inProcess: Role[];
  env?: Record<string, string>;
  /** Register the in-process ingress as the project's push hook (default true). */
  hook?: boolean;
}

/**
 * The whole system for one fault scenario: GitLab and Jenkins emulators, Redis, and auto-promote —
 * roles in this process or in separate processes — plus the bookkeeping the results table needs.
 */
export class FaultStack {
  world!: EmulatedWorld;
  gitlab!: GitLabEmulator;
  jenkins!: JenkinsEmulator;
  project!: EmulatedProject;
  service: RunningService | null = null;
  config!: Config;
  env!: Record<string, string>;
  /** The scenario's own view of Redis, composed as the service composes its own. */
  infra!: Infrastructure;
  redis!: RedisClient;
  readonly logs = new LogCapture();
  readonly prefix: string;
  /** Every app a push changed: each must be triggered exactly once. */
  readonly expectedApps = new Set<string>();
  pushes = 0;
  private appCounter = 0;

  constructor(private readonly options: FaultStackOptions) {
    this.prefix = `faults-${options.name}-${randomBytes(3).toString('hex')}`;
  }

  async start(): Promise<this> {
    this.world = await startTestWorld({ 'env.cue': 'package deployments\n' });
    ({ gitlab: this.gitlab, jenkins: this.jenkins, project: this.project } = this.world);
    this.env = {
      REDIS_URL: this.options.redisUrl ?? REDIS_URL,
      QUEUE_PREFIX: this.prefix,
      PORT: '0',
      HOST: '127.0.0.1',
      ...this.world.env,
      JENKINS_POLL_INTERVAL_MS: '100',
      RETRY_MAX_DELAY_MS: '2000',
      DISPATCHER_CONCURRENCY: '8',
      JENKINS_MAX_TRIGGERS_PER_SECOND: '50',
      // The emulator's job opens no merge request: none is looked for.
      PROMOTION_MR_LOOKUP_TIMEOUT: '0',
      ...this.options.env,
    };
    this.config = loadConfig({ env: this.env });
    this.infra = testInfrastructure(this.config, 'faults');
    this.redis = this.infra.redis;
    if (this.options.inProcess.length > 0) {
      this.service = await startService(this.config, {
        roles: this.options.inProcess,
        logger: createLogger({ level: 'info', destination: this.logs }),
      });
    }
    if (this.options.hook !== false && this.service?.url) this.addHook(`${this.service.url}/webhooks/gitlab`);
    return this;
  }

  /** Pushes to dev and stage go to `url` too (e.g. an ingress in a process of its own). */
  addHook(url: string): void {
    this.world.addHook(url);
  }

  /** One push to dev that adds `apps` new apps; returns the commit sha. */
  async pushApps(apps = 3, waitForHooks = true): Promise<string> {
    const files: Record<string, string> = {};
    for (let i = 0; i < apps; i += 1) {
      this.appCounter += 1;
      const app = `app${String(this.appCounter).padStart(4, '0')}`;
      this.expectedApps.add(app);
      files[`manifests/${app}/${app}.yaml`] = manifest(app, `1.0.${this.appCounter}`);
    }
    this.pushes += 1;
    return this.project.commit({ branch: 'dev', files, message: `push ${this.pushes}`, waitForHooks });
  }

  /** Builds started in Jenkins per APP_NAME. */
  buildsPerApp(): Map<string, number> {
    return countBuilds(this.jenkins);
  }

  private async queuesIdle(): Promise<boolean> {
    const names = [QUEUE_NAMES.pushEvents, QUEUE_NAMES.promotions];
    for (const name of names) {
      const c = await this.infra.queue(name).getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if ((c['waiting'] ?? 0) + (c['active'] ?? 0) + (c['delayed'] ?? 0) + (c['prioritized'] ?? 0) > 0)
        return false;
    }
    return true;
  }

  /**
   * Waits until every expected app has a build and the queues are idle (so a late duplicate would have
   * shown), or the bound passes; then counts.
   */
  async settle(timeoutMs: number): Promise<{ triggered: number; lost: number; duplicated: number }> {
    await waitFor(
      'every expected app to be triggered and the queues to drain',
      async () => {
        const counts = this.buildsPerApp();
        const all = [...this.expectedApps].every((app) => (counts.get(app) ?? 0) > 0);
        return all && (await this.queuesIdle());
      },
      { timeoutMs, intervalMs: 250 },
    ).catch(() => undefined);
    const counts = this.buildsPerApp();
    let triggered = 0;
    let duplicated = 0;
    for (const [app, n] of counts) {
      if (this.expectedApps.has(app)) triggered += 1;
      duplicated += this.expectedApps.has(app) ? n - 1 : n; // an unexpected app is wrong in itself
    }
    return { triggered, lost: this.expectedApps.size - triggered, duplicated };
  }

  async stop(): Promise<void> {
    await this.service?.close(5_000);
    await this.world.stop();
    await deletePrefix(this.redis, this.prefix).catch(() => undefined);
    await this.infra.close();
  }
}
