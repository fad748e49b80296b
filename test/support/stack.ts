import { Writable } from 'node:stream';
import type { RedisClient } from '@auto-promote/redis';
import { loadConfig, type Config } from '@auto-promote/config';
import type { GitLabEmulator, JenkinsEmulator } from '@auto-promote/emulators';
import { createLogger } from '@auto-promote/observability';
import type { PromotionRecord, PromotionStore } from '@auto-promote/records';
import {
  createInfrastructure,
  startService,
  type Infrastructure,
  type Role,
  type RunningService,
} from '@auto-promote/runtime';
import {
  emulatedWorldEnv,
  startEmulatedWorld,
  type EmulatedWorld,
  type EmulatedWorldOptions,
} from '@auto-promote/sandbox';
import { REDIS_URL, deletePrefix, uniquePrefix } from './redis';
import { waitFor } from './wait-for';

export { JOB_PARAMETERS } from '@auto-promote/sandbox';

export const SECRETS = {
  gitlabToken: 'glpat-test-token-0123456789',
  webhookSecret: 'webhook-secret-abcdef',
  jenkinsToken: 'jenkins-api-token-fedcba',
  adminPassword: 'admin-password-xyz',
} as const;

/** The fixed credentials of every test world (tests assert that none of them is logged). */
export const TEST_CREDENTIALS = {
  gitlabToken: SECRETS.gitlabToken,
  webhookSecret: SECRETS.webhookSecret,
  jenkinsUser: 'auto-promote',
  jenkinsToken: SECRETS.jenkinsToken,
};

/**
 * What a service under test needs to reach the emulators: their addresses, the deployments project and the
 * test secrets. Spread into a configuration map next to the keys a test sets itself.
 */
export function emulatorEnv(gitlabUrl: string, jenkinsUrl: string): Record<string, string> {
  return emulatedWorldEnv(gitlabUrl, jenkinsUrl, TEST_CREDENTIALS);
}

/**
 * A test world: the deployments project seeded with `files` on main (dev, stage, prod branch from it),
 * promote-environment as the emulator's job with `job`'s settings, the fixed test credentials.
 */
export function startTestWorld(
  files: Record<string, string>,
  job: EmulatedWorldOptions['job'] & object = {},
  gitlab: EmulatedWorldOptions['gitlab'] = {},
): Promise<EmulatedWorld> {
  return startEmulatedWorld({ credentials: TEST_CREDENTIALS, seed: files, job, gitlab });
}

/** A deployment manifest in the shape the generated manifests have. */
export function manifest(app: string, tag: string, image = app): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${app}`,
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    `        - name: ${app}`,
    `          image: registry.example.com:5000/p2c/${image}:${tag}`,
    '',
  ].join('\n');
}

/**
 * A test's (or benchmark's) own view of the service's Redis, composed by the same factory as the service's:
 * stores, queues and Sentinel-aware connections. Connection errors (tests stop Redis) are logged silently.
 */
export function testInfrastructure(config: Config, clientName: string): Infrastructure {
  return createInfrastructure(config, { logger: createLogger({ level: 'silent' }), clientName });
}

/** Collects log lines so tests can assert on them (e.g. that no secret appears). */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

export interface StackOptions {
  name: string;
  env?: Record<string, string>;
  roles?: Role[];
  /** The emulator's job (SUCCESS at once) with these settings, or `{ mergeRequests }`: the real job's behaviour. */
  job?: EmulatedWorldOptions['job'] & object;
  /** Apps seeded on every branch, with their image tag. */
  apps?: Record<string, string>;
  /** Register auto-promote as the project's push hook (default true). */
  hook?: boolean;
  /** How the GitLab emulator answers, e.g. `olderGitLab`. */
  gitlab?: EmulatedWorldOptions['gitlab'];
}

export interface Stack {
  world: EmulatedWorld;
  gitlab: GitLabEmulator;
  project: EmulatedWorld['project'];
  jenkins: JenkinsEmulator;
  service: RunningService;
  config: Config;
  prefix: string;
  /** The test's own view of the service's Redis, composed as the service composes its own. */
  infra: Infrastructure;
  redis: RedisClient;
  promotions: PromotionStore;
  logs: LogCapture;
  url: string;
  /** Commits manifests of apps to a branch (one commit, one push hook). */
  commitApps(branch: string, apps: Record<string, string>, message?: string): Promise<string>;
  /** Waits until every given promotion id reaches a final status. */
  settled(ids: string[], timeoutMs?: number): Promise<PromotionRecord[]>;
  stop(): Promise<void>;
}

/**
 * The whole system on loopback: a git-backed GitLab emulator seeded like a deployments repository,
 * a Jenkins emulator with `promote-environment`, and auto-promote against a real Redis.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  // A test may bring its own prefix (a hash-tagged one on Redis Cluster).
  const prefix = options.env?.['QUEUE_PREFIX'] ?? uniquePrefix(options.name);
  const apps = options.apps ?? { exampleApp: '1.0.0', postgres: '16.1' };
  const seed: Record<string, string> = { 'env.cue': 'package deployments\n' };
  for (const [app, tag] of Object.entries(apps)) seed[`manifests/${app}/${app}.yaml`] = manifest(app, tag);
  const world = await startTestWorld(seed, options.job, options.gitlab);
  const { gitlab, jenkins, project } = world;

  const config = loadConfig({
    env: {
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      PORT: '0',
      HOST: '127.0.0.1',
      ...world.env,
      ADMIN_USER: 'admin',
      ADMIN_PASSWORD: SECRETS.adminPassword,
      JENKINS_POLL_INTERVAL_MS: '50',
      JENKINS_MAX_TRIGGERS_PER_SECOND: '0',
      RETRY_MAX_DELAY_MS: '400',
      LOG_LEVEL: 'debug',
      // The emulator's default job opens no merge request: looking for one is off unless a test asks.
      PROMOTION_MR_LOOKUP_TIMEOUT: '0',
      ...options.env,
    },
  });
  const logs = new LogCapture();
  const service = await startService(config, {
    roles: options.roles ?? ['ingress', 'planner', 'dispatcher'],
    logger: createLogger({ level: 'debug', destination: logs }),
  });
  const url = service.url ?? '';
  if (options.hook !== false) world.addHook(`${url}/webhooks/gitlab`);

  // Tests that stop Redis expect connection errors: the infrastructure logs them (silently here).
  const infra = testInfrastructure(config, 'test');
  const { redis, promotions } = infra;
  return {
    world,
    gitlab,
    project,
    jenkins,
    service,
    config,
    prefix,
    infra,
    redis,
    promotions,
    logs,
    url,
    commitApps: (branch, changed, message = `update ${Object.keys(changed).join(', ')}`) =>
      project.commit({
        branch,
        message,
        files: Object.fromEntries(
          Object.entries(changed).map(([app, tag]) => [`manifests/${app}/${app}.yaml`, manifest(app, tag)]),
        ),
      }),
    settled: (ids, timeoutMs = 15_000) =>
      waitFor(
        `promotions ${ids.join(', ')} to settle`,
        async () => {
          const records = await Promise.all(ids.map((id) => promotions.get(id)));
          const final = ['succeeded', 'failed', 'superseded', 'skipped', 'abandoned'];
          return records.every((r) => r && final.includes(r.status))
            ? (records as PromotionRecord[])
            : undefined;
        },
        { timeoutMs },
      ),
    stop: async () => {
      await service.close(5_000);
      await world.stop();
      try {
        await deletePrefix(redis, prefix);
      } finally {
        await infra.close();
      }
    },
  };
}

/**
 * Builds Jenkins started for `promote-environment`, counted per key of their parameters — by default
 * APP_NAME; `${APP_NAME}:${IMAGE_TAG}` counts per app content.
 */
export function countBuilds(
  jenkins: JenkinsEmulator,
  key: (params: Record<string, string>) => string = (p) => p['APP_NAME'] ?? '',
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const build of jenkins.builds('promote-environment')) {
    const k = key(build.params);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/** Posts a webhook to the ingress with GitLab's headers. */
export async function postWebhook(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/webhooks/gitlab`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Gitlab-Event': 'Push Hook',
      'X-Gitlab-Token': SECRETS.webhookSecret,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
  } catch {
    return { status: response.status, body: { raw: text } };
  }
}

/**
 * The configuration of an auto-promote process of its own (see RoleProcess) serving the same emulators and
 * Redis prefix as `s`; the process sets PORT and HOST itself.
 */
export function serviceEnv(s: Stack, env: Record<string, string> = {}): Record<string, string> {
  return {
    REDIS_URL: s.config.redis.url,
    QUEUE_PREFIX: s.prefix,
    ...emulatorEnv(s.gitlab.url, s.jenkins.url),
    JENKINS_POLL_INTERVAL_MS: '50',
    JENKINS_MAX_TRIGGERS_PER_SECOND: '0',
    ...env,
  };
}

/** One unlabelled or fully labelled sample from a service's `/metrics`, e.g. `auto_promote_jenkins_circuit_open`. */
export async function readMetric(url: string, sample: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? Number.NaN : Number(line.slice(sample.length + 1));
}

export function adminHeaders(): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`admin:${SECRETS.adminPassword}`).toString('base64')}` };
}
