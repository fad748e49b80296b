import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { FaultSwitch } from '../fault-switch';
import { GitRepository } from './git/git-repository';
import { HookDeliverer, type HookDelivery, type SkippedDelivery } from './hooks/hook-delivery';
import { GITLAB_HOOK_HEALTH, type HookHealthPolicy } from './hooks/hook-health';
import { PushDispatcher } from './hooks/push-dispatcher';
import type { PushHookPayload } from './hooks/push-payload';
import type { ProjectContext } from './model/project-context';
import { ZERO_SHA, type GitLabUser } from './model/types';
import {
  DEFAULT_USER,
  type CreateProjectOptions,
  type GitLabEmulatorOptions,
} from './gitlab-emulator-options';
import { EmulatedProject } from './project';
import { RequestLog, type RecordedRequest } from './request-log';
import { createApiRouter } from './routes/api-router';
import { CONTROL_PREFIX, createControlRouter } from './routes/control-routes';
import type { ApiHost } from './routes/http';

/**
 * A faithful GitLab stand-in: REST API under /api/v4, real bare git repositories, and Push Hooks delivered
 * like GitLab's. Control it in-process (createProject, project.commit, ...) or via /__emulator routes.
 */
export class GitLabEmulator {
  readonly faults: FaultSwitch;
  readonly user: GitLabUser;
  readonly instanceUrl: string;
  private readonly projectsById = new Map<number, EmulatedProject>();
  private readonly requestLog = new RequestLog();
  private readonly counters = new Map<string, number>();
  private readonly deliverer: HookDeliverer;
  private readonly dispatcher: PushDispatcher;
  private readonly now: () => number;
  private compareMaxFiles: number;
  private readonly healthPolicy: HookHealthPolicy;
  private server: Server | undefined;

  private constructor(
    private readonly options: GitLabEmulatorOptions,
    readonly url: string,
    private readonly root: string,
  ) {
    this.faults = new FaultSwitch(options.seed ?? 1);
    this.user = { ...DEFAULT_USER, ...options.user };
    this.instanceUrl = (options.instanceUrl ?? url).replace(/\/+$/, '');
    this.now = options.now ?? Date.now;
    this.compareMaxFiles = options.compareMaxFiles ?? 1000;
    this.healthPolicy = {
      ...GITLAB_HOOK_HEALTH,
      initialBackoffMs: options.hookDisableMs ?? GITLAB_HOOK_HEALTH.initialBackoffMs,
      ...options.hookHealth,
    };
    this.deliverer = new HookDeliverer({
      timeoutMs: options.hookTimeoutMs ?? 10_000,
      userAgent: `GitLab/${options.version ?? '17.11.0'}`,
      instanceUrl: this.instanceUrl,
      now: this.now,
      onResult: (hookId, ok) => this.hookOwner(hookId)?.hooks.recordResult(hookId, ok, this.now()),
    });
    this.dispatcher = new PushDispatcher(this.deliverer, this.user, this.now);
  }

  static async start(options: GitLabEmulatorOptions): Promise<GitLabEmulator> {
    const host = options.host ?? '127.0.0.1';
    const root = await mkdtemp(join(tmpdir(), 'gitlab-emulator-'));
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const emulator = new GitLabEmulator(
      options,
      `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      root,
    );
    emulator.server = server;
    emulator.faults.attach(server);
    server.on('request', emulator.createApp());
    return emulator;
  }

  // ---- projects -------------------------------------------------------------------------------------------

  async createProject(options: CreateProjectOptions): Promise<EmulatedProject> {
    const path = options.path.replace(/^\/+|\/+$/g, '');
    if (!/^[\w.-]+(\/[\w.-]+)+$/.test(path))
      throw new Error(`project path must be "namespace/name": ${path}`);
    if (this.findProject(path)) throw new Error(`project ${path} already exists`);
    const id = options.id ?? this.freeProjectId();
    if (this.projectsById.has(id)) throw new Error(`project id ${id} is taken`);
    const defaultBranch = options.defaultBranch ?? 'main';
    const repo = await GitRepository.init(join(this.root, `${id}.git`), defaultBranch);
    const settings = {
      id,
      pathWithNamespace: path,
      defaultBranch,
      visibility: options.visibility ?? 'private',
      description: options.description ?? '',
    };
    const project = new EmulatedProject(settings, repo, this.projectContext());
    this.projectsById.set(id, project);
    return project;
  }

  /** By numeric id or path ("group/name", case-insensitive, as GitLab resolves :id). */
  findProject(idOrPath: string | number): EmulatedProject | undefined {
    const key = String(idOrPath);
    if (/^\d+$/.test(key)) return this.projectsById.get(Number(key));
    const lower = key.toLowerCase();
    return [...this.projectsById.values()].find((project) => project.path.toLowerCase() === lower);
  }

  // ---- webhooks -------------------------------------------------------------------------------------------

  /** Every delivery attempt, oldest first. */
  get hookDeliveries(): readonly HookDelivery[] {
    return this.deliverer.deliveries;
  }

  /** Pushes a hook did not receive because it was auto-disabled. */
  get skippedDeliveries(): readonly SkippedDelivery[] {
    return this.deliverer.skipped;
  }

  /** The Push Hook body GitLab would send for this ref movement. */
  buildPushPayload(project: EmulatedProject, push: { ref: string; before: string; after: string }) {
    if (!push.ref.startsWith('refs/heads/'))
      throw new Error('only branch refs (refs/heads/...) send Push Hooks');
    const update = { branch: push.ref.slice('refs/heads/'.length), before: push.before, after: push.after };
    return this.dispatcher.payload(project, update) satisfies Promise<PushHookPayload>;
  }

  /** Waits until no push hook is being built or delivered (for background deliveries). */
  idle(): Promise<void> {
    return this.dispatcher.idle();
  }

  // ---- API observation and quirks -------------------------------------------------------------------------

  /** /api/v4 requests answered so far (route pattern, status...). */
  get requests(): readonly RecordedRequest[] {
    return this.requestLog.entries;
  }

  /** Requests for "GET /projects/:id/repository/compare" (or a bare pattern, any method). */
  countRequests(route: string): number {
    return this.requestLog.count(route);
  }

  clearRequests(): void {
    this.requestLog.clear();
  }

  setCompareMaxFiles(max: number): void {
    this.compareMaxFiles = max;
  }

  async stop(): Promise<void> {
    this.deliverer.close();
    await this.dispatcher.idle();
    const server = this.server;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    for (const project of this.projectsById.values()) project.repo.close();
    await rm(this.root, { recursive: true, force: true });
  }

  // ---- wiring ---------------------------------------------------------------------------------------------

  private createApp(): express.Express {
    const host: ApiHost = {
      token: this.options.token,
      instanceUrl: this.instanceUrl,
      user: this.user,
      now: this.now,
      compareMaxFiles: () => this.compareMaxFiles,
      findProject: (idOrPath) => this.findProject(idOrPath),
      olderGitLab: this.options.olderGitLab ?? false,
      testPush: (project, hookId) => this.testPush(project, hookId),
    };
    const app = express();
    app.disable('x-powered-by');
    app.use('/api/v4', this.requestLog.middleware());
    app.use(this.faults.middleware((path) => path.startsWith(CONTROL_PREFIX)));
    app.use(CONTROL_PREFIX, express.json(), createControlRouter(host));
    app.use(
      '/api/v4',
      express.json({ limit: '10mb' }),
      express.urlencoded({ extended: true }),
      createApiRouter(host),
    );
    app.use((_req: Request, res: Response) => {
      res.status(404).json({ error: '404 Not Found' });
    });
    // Malformed bodies: Grape answers 400 before the endpoint runs.
    app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      const status =
        typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : 500;
      res
        .status(status >= 400 && status < 500 ? status : 500)
        .json({ error: 'The provided content-type or body is invalid' });
    });
    return app;
  }

  private projectContext(): ProjectContext {
    return {
      instanceUrl: this.instanceUrl,
      user: this.user,
      now: this.now,
      nextId: (kind) => {
        const next = (this.counters.get(kind) ?? 0) + 1;
        this.counters.set(kind, next);
        return next;
      },
      hookHealthPolicy: () => this.healthPolicy,
      dispatchPush: (project, update, wait) => this.dispatcher.dispatch(project, update, wait),
    };
  }

  /** GitLab's test push: the default branch's last commit, to one hook, its filter and health aside. */
  private async testPush(project: EmulatedProject, hookId: number): Promise<boolean> {
    const branch = project.defaultBranch;
    const head = project.branchHead(branch) ?? ZERO_SHA;
    const [commit] = await project.repo.readCommits([head]);
    const update = { branch, before: commit?.parents[0] ?? ZERO_SHA, after: head };
    const payload = await this.dispatcher.payload(project, update);
    const delivery = await this.deliverer.deliver({
      hook: project.hooks.get(hookId),
      payload,
      eventUuid: randomUUID(),
    });
    return delivery.ok;
  }

  private hookOwner(hookId: number): EmulatedProject | undefined {
    return [...this.projectsById.values()].find((project) => project.hooks.find(hookId) !== undefined);
  }

  private freeProjectId(): number {
    let id = 1;
    while (this.projectsById.has(id)) id += 1;
    return id;
  }
}
