import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TERMINAL_STATUSES } from '@auto-promote/domain';
import type { SandboxMergeRequest, SandboxPromotion } from '@auto-promote/sandbox';
import { run, waitFor, type RunResult } from './exec';

/** The image names docker-compose.yml uses; the suite builds them from the working tree. */
export const SERVICE_IMAGE = 'auto-promote:local';
export const EMULATORS_IMAGE = 'auto-promote-emulators:local';
export const BASE_IMAGE = 'node:20-bookworm-slim';
export const ROLES = ['ingress', 'planner', 'dispatcher'] as const;

/** A compose project: the repository's docker-compose.yml, a directory holding its .env, a unique name. */
export interface StackInfo {
  root: string;
  dir: string;
  project: string;
}

export const composeArgs = (info: StackInfo, args: readonly string[]): string[] => [
  '-f',
  join(info.root, 'docker-compose.yml'),
  '--project-directory',
  info.dir,
  '-p',
  info.project,
  '--profile',
  'sandbox',
  ...args,
];

/** What the sandbox CLI and the API answer inside the containers: the same shapes as on the host. */
export type MergeRequest = SandboxMergeRequest;
export type Promotion = SandboxPromotion;

export interface Build {
  number: number;
  params: Record<string, string>;
}

interface JenkinsJob {
  builds?: Array<{
    number: number;
    actions?: Array<{ parameters?: Array<{ name: string; value: unknown }> }>;
  }>;
}

export const isTerminal = (p: Promotion): boolean =>
  (TERMINAL_STATUSES as readonly string[]).includes(p.status);

/** Drives the compose project the way an operator does: docker-compose, docker, and HTTP on the published ports. */
export class Stack {
  readonly env: Map<string, string>;

  constructor(readonly info: StackInfo) {
    this.env = new Map(
      readFileSync(join(info.dir, '.env'), 'utf8')
        .split('\n')
        .flatMap((line) => {
          const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
          return m ? [[m[1]!, m[2]!] as [string, string]] : [];
        }),
    );
  }

  compose(args: readonly string[], timeoutMs = 120_000): Promise<RunResult> {
    return run('docker-compose', composeArgs(this.info, args), { timeoutMs });
  }

  async ids(service: string): Promise<string[]> {
    const { stdout } = await this.compose(['ps', '-q', service], 30_000);
    return stdout.split('\n').filter((l) => l.trim() !== '');
  }

  async inspect(id: string, format: string): Promise<string> {
    return (await run('docker', ['inspect', '-f', format, id], { timeoutMs: 15_000 })).stdout.trim();
  }

  /** Waits until every container of the services reports healthy (compose health checks). */
  async waitHealthy(services: readonly string[], timeoutMs: number): Promise<void> {
    await waitFor(
      `healthy ${services.join(', ')}`,
      async () => {
        for (const service of services) {
          const ids = await this.ids(service);
          if (ids.length === 0) return undefined;
          for (const id of ids)
            if ((await this.inspect(id, '{{if .State.Health}}{{.State.Health.Status}}{{end}}')) !== 'healthy')
              return undefined;
        }
        return true;
      },
      { timeoutMs, intervalMs: 1000 },
    );
  }

  /** `node dist/apps/sandbox/main.js …` inside the emulators container. */
  async sandbox(args: readonly string[]): Promise<string> {
    return (
      await this.compose(['exec', '-T', 'emulators', 'node', 'dist/apps/sandbox/main.js', ...args], 60_000)
    ).stdout;
  }

  async commit(app: string, tag: string, branch = 'dev'): Promise<void> {
    await this.sandbox(['commit', '--app', app, '--tag', tag, '--branch', branch]);
  }

  async mergeRequests(state = 'all'): Promise<MergeRequest[]> {
    return JSON.parse(await this.sandbox(['mrs', '--state', state, '--json'])) as MergeRequest[];
  }

  private basic(user: string, password: string): string {
    return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }

  adminAuth(): string {
    return this.basic(this.env.get('ADMIN_USER') ?? '', this.env.get('ADMIN_PASSWORD') ?? '');
  }

  async http(path: string, auth?: string): Promise<Response> {
    return fetch(`http://127.0.0.1:3000${path}`, {
      headers: auth ? { Authorization: auth } : {},
      signal: AbortSignal.timeout(10_000),
    });
  }

  async promotions(): Promise<Promotion[]> {
    const response = await this.http('/api/promotions?limit=200', this.adminAuth());
    if (!response.ok) throw new Error(`/api/promotions: ${response.status}`);
    return ((await response.json()) as { items: Promotion[] }).items;
  }

  /** Every build of the Jenkins emulator's promote-environment job, with its parameters. */
  async builds(): Promise<Build[]> {
    const tree = 'builds[number,actions[parameters[name,value]]]';
    const response = await fetch(
      `http://127.0.0.1:3002/job/promote-environment/api/json?tree=${encodeURIComponent(tree)}`,
      {
        headers: {
          Authorization: this.basic(
            this.env.get('JENKINS_USER') ?? '',
            this.env.get('JENKINS_API_TOKEN') ?? '',
          ),
        },
        signal: AbortSignal.timeout(10_000),
      },
    );
    if (!response.ok) throw new Error(`Jenkins job API: ${response.status}`);
    const job = (await response.json()) as JenkinsJob;
    return (job.builds ?? []).map((b) => ({
      number: b.number,
      params: Object.fromEntries(
        (b.actions ?? []).flatMap((a) => a.parameters ?? []).map((p) => [p.name, String(p.value)]),
      ),
    }));
  }

  /** Waits until the promotions of these (app, tag) commits exist and every promotion is terminal. */
  async settle(
    commits: ReadonlyArray<{ app: string; tag: string }>,
    timeoutMs: number,
  ): Promise<Promotion[]> {
    return waitFor(
      `promotions of ${commits.map((c) => `${c.app}@${c.tag}`).join(', ')} to settle`,
      async () => {
        const all = await this.promotions();
        const found = commits.every((c) => all.some((p) => p.app === c.app && p.imageTag === c.tag));
        return found && all.every(isTerminal) ? all : undefined;
      },
      { timeoutMs, intervalMs: 1000 },
    );
  }
}
