import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { RedisClient } from '@auto-promote/redis';
import { loadConfig } from '@auto-promote/config';
import type {
  EmulatedProject,
  GitLabEmulator,
  JenkinsEmulator,
  JenkinsJobDefinition,
} from '@auto-promote/emulators';
import type { PushEventProducer } from '@auto-promote/queues';
import type { Infrastructure, Role, WebhookProducer } from '@auto-promote/runtime';
import type { EmulatedWorld } from '@auto-promote/sandbox';
import { manifest, startTestWorld, testInfrastructure } from '../../test/support/stack';
import { REDIS_URL, deletePrefix } from '../../test/support/redis';
import { RoleProcess } from '../../test/support/role-process';
import type { BenchContext } from './bench-context';
import { serviceEnv } from './bench-env';
import { shippedNodeOptions } from './shipped-node-options';

export { JENKINS_JOB } from '@auto-promote/sandbox';

export interface BenchStackOptions {
  name: string;
  /** Configuration of every role process of this stack (on top of serviceEnv). */
  env?: Record<string, string>;
  job?: Partial<JenkinsJobDefinition>;
  /** The Redis of this stack; default REDIS_URL (a scenario that counts Redis commands brings its own). */
  redisUrl?: string;
}

/**
 * One benchmark's world on loopback: the GitLab emulator holding the deployments repository (main,
 * dev, stage, prod), the Jenkins emulator with promote-environment answering at once, a private
 * QUEUE_PREFIX on the real Redis, and auto-promote roles as separate processes with the image's
 * NODE_OPTIONS. `stop` removes all of it.
 */
export class BenchStack {
  readonly prefix: string;
  readonly redisUrl: string;
  readonly processes: RoleProcess[] = [];
  env!: Record<string, string>;
  world?: EmulatedWorld;
  gitlab!: GitLabEmulator;
  jenkins!: JenkinsEmulator;
  project!: EmulatedProject;
  /** The seed commit every branch starts from. */
  base!: string;
  /** The benchmark's own view of Redis under the stack's prefix, composed as the service composes its own. */
  infra!: Infrastructure;
  redis!: RedisClient;
  private readonly producers = new Map<string, WebhookProducer>();
  /** The infrastructure of every prefix used: the stack's, and those of further runs (`newPrefix`). */
  private readonly infras = new Map<string, Infrastructure>();

  private constructor(
    private readonly ctx: BenchContext,
    private readonly options: BenchStackOptions,
  ) {
    this.prefix = `bench-${options.name}-${randomBytes(3).toString('hex')}`;
    this.redisUrl = options.redisUrl ?? REDIS_URL;
  }

  static async start(ctx: BenchContext, options: BenchStackOptions): Promise<BenchStack> {
    const stack = new BenchStack(ctx, options);
    try {
      await stack.init();
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  private async init(): Promise<void> {
    this.world = await startTestWorld(
      {
        'env.cue': 'package deployments\n',
        'manifests/seedApp/seedApp.yaml': manifest('seedApp', '1.0.0'),
      },
      this.options.job,
    );
    ({ gitlab: this.gitlab, jenkins: this.jenkins, project: this.project, base: this.base } = this.world);
    this.env = serviceEnv({
      redisUrl: this.redisUrl,
      prefix: this.prefix,
      gitlabUrl: this.gitlab.url,
      jenkinsUrl: this.jenkins.url,
      // As the image runs them: with its heap limits (a scenario may override NODE_OPTIONS).
      overrides: { NODE_OPTIONS: shippedNodeOptions(), ...this.options.env },
    });
    this.infra = this.infraOf(this.prefix);
    this.redis = this.infra.redis;
  }

  /** The infrastructure of the stack's configuration under `prefix`, made once and closed by `stop`. */
  infraOf(prefix: string): Infrastructure {
    let infra = this.infras.get(prefix);
    if (!infra) {
      infra = testInfrastructure(loadConfig({ env: { ...this.env, QUEUE_PREFIX: prefix } }), 'bench');
      this.infras.set(prefix, infra);
    }
    return infra;
  }

  /** A fresh QUEUE_PREFIX for a further run against the same emulators (and commits). */
  newPrefix(name: string): string {
    const prefix = `${this.prefix}-${name}`;
    this.infraOf(prefix);
    return prefix;
  }

  /** Starts roles in a new process (profiled and logged as the bench options say). */
  async startRoles(roles: readonly Role[], env: Record<string, string> = {}): Promise<RoleProcess> {
    const { profileDir, logDir } = this.ctx.options;
    const name = `${this.options.name}-${roles.join('+')}-${this.processes.length}`;
    const role = new RoleProcess(
      roles,
      { ...this.env, ...env },
      {
        logLevel: env['LOG_LEVEL'] ?? this.env['LOG_LEVEL'] ?? 'info',
        ...(logDir ? { logDir } : {}),
        nodeArgs: profileDir
          ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`]
          : [],
      },
    );
    this.processes.push(role);
    await role.start();
    return role;
  }

  /** Stops the role processes started so far (SIGTERM, graceful). */
  async stopRoles(): Promise<void> {
    await Promise.all(this.processes.splice(0).map((p) => p.stop()));
  }

  /** The ingress's producer (connected), for scenarios that enqueue pushes directly. */
  async producer(prefix = this.prefix): Promise<PushEventProducer> {
    let webhook = this.producers.get(prefix);
    if (!webhook) {
      webhook = this.infraOf(prefix).webhookProducer('bench-producer');
      this.producers.set(prefix, webhook);
    }
    // The producer connection has no offline queue: commands before `ready` fail.
    if (webhook.redis.status !== 'ready') await once(webhook.redis, 'ready');
    return webhook.producer;
  }

  async stop(): Promise<void> {
    await this.stopRoles();
    await this.world?.stop();
    for (const prefix of this.infras.keys()) {
      await deletePrefix(this.redis, prefix).catch(() => undefined);
    }
    await Promise.all([...this.infras.values()].map((infra) => infra.close()));
  }
}
