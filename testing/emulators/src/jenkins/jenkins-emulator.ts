import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultSwitch } from '../fault-switch';
import { createApp } from './app';
import { BuildExecutor } from './build-executor';
import { BuildQueue, type QueueItem } from './build-queue';
import type { EmulatorContext } from './context';
import { CrumbIssuer } from './crumb-issuer';
import { JobStore } from './job-store';
import { toRecord } from './parameters';
import { buildUrl } from './urls';
import type {
  BuildRecord,
  JenkinsEmulatorOptions,
  JobDefinition,
  RequestRecord,
  TriggerRecord,
} from './types';
import { Timers } from './timers';

/** Sent as X-Jenkins. */
const JENKINS_VERSION = '2.479.1';

/** An in-process Jenkins speaking the remote API auto-promote uses (see external-apis.md). */
export class JenkinsEmulator {
  readonly faults: FaultSwitch;
  private readonly store = new JobStore();
  private readonly timers = new Timers();
  private readonly queue: BuildQueue;
  private readonly triggerLog: TriggerRecord[] = [];
  private readonly requestLog: RequestRecord[] = [];
  private server: Server | undefined;
  private baseUrl = '';

  private constructor(private readonly options: JenkinsEmulatorOptions) {
    const seed = options.seed ?? 1;
    this.faults = new FaultSwitch(seed);
    const executor = new BuildExecutor(this.timers, () => this.queue.kick());
    this.queue = new BuildQueue(this.timers, options.leftItemRetentionMs ?? 300_000, (request) =>
      executor.start(request),
    );
  }

  static async start(options: JenkinsEmulatorOptions): Promise<JenkinsEmulator> {
    const emulator = new JenkinsEmulator(options);
    await emulator.listen();
    return emulator;
  }

  private async listen(): Promise<void> {
    const seed = this.options.seed ?? 1;
    const context: EmulatorContext = {
      base: () => this.baseUrl,
      users: this.options.users,
      crumbForApiTokens: this.options.crumbForApiTokens ?? false,
      version: JENKINS_VERSION,
      instanceId: createHash('sha256').update(`session:${seed}`).digest('hex').slice(0, 8),
      store: this.store,
      queue: this.queue,
      crumbs: new CrumbIssuer(seed),
      faults: this.faults,
      triggers: this.triggerLog,
      requests: this.requestLog,
      onTriggerAccepted: (accepted) => this.onTriggerAccepted?.(accepted),
    };
    const app = createApp(context);
    const host = this.options.host ?? '127.0.0.1';
    const server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(this.options.port ?? 0, host, (error?: Error) =>
        error ? reject(error) : resolve(s),
      );
    });
    this.faults.attach(server);
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  /**
   * Test hook: runs when Jenkins has accepted a build request, before the answer leaves — the moment
   * a client crash leaves a queued build its caller never heard of.
   */
  onTriggerAccepted:
    | ((accepted: { job: string; params: Record<string, string>; queueId: number; created: boolean }) => void)
    | undefined;

  /** Root URL without a trailing slash, e.g. http://127.0.0.1:45123 */
  get url(): string {
    return this.baseUrl;
  }

  /** Creates or replaces a job; 'folder/job' creates the folder too. */
  defineJob(fullName: string, definition: JobDefinition = {}): void {
    const previous = this.store.job(fullName);
    if (previous) this.queue.cancelAll(previous);
    this.store.define(fullName, definition);
  }

  updateJob(fullName: string, change: Partial<JobDefinition>): void {
    const job = this.store.job(fullName);
    if (!job) throw new Error(`no job ${fullName}`);
    job.update(change);
  }

  deleteJob(fullName: string): void {
    for (const job of this.store.delete(fullName)) this.queue.cancelAll(job);
  }

  /** Every build request answered (any status), oldest first. */
  get triggers(): TriggerRecord[] {
    return [...this.triggerLog];
  }

  /** Every API request answered, oldest first. */
  get requests(): RequestRecord[] {
    return [...this.requestLog];
  }

  /** The job's builds, oldest first. */
  builds(fullName: string): BuildRecord[] {
    const job = this.store.job(fullName);
    if (!job) return [];
    return job.builds.map((b) => ({
      job: job.fullName,
      number: b.number,
      queueId: b.queueId,
      params: toRecord(b.params),
      result: b.result,
      building: b.building,
      startedAt: b.startedAt,
      finishedAt: b.finishedAt,
      url: buildUrl(this.baseUrl, job.fullName, b.number),
    }));
  }

  /** Items still in the queue (waiting or buildable). */
  queueItems(): { id: number; job: string; params: Record<string, string>; state: QueueItem['state'] }[] {
    return this.queue
      .items()
      .map((i) => ({ id: i.id, job: i.job.fullName, params: toRecord(i.params), state: i.state }));
  }

  /** Nothing leaves the queue until resumed, as if no executor were free. */
  pauseQueue(): void {
    this.queue.pause();
  }

  resumeQueue(): void {
    this.queue.resume();
  }

  /** True when a live item was cancelled (the fidelity tests compare a cancelled item with Jenkins'). */
  cancelQueueItem(id: number): boolean {
    return this.queue.cancel(id);
  }

  /** Clears the trigger and request logs (jobs, builds, queue and faults are kept). */
  reset(): void {
    this.triggerLog.length = 0;
    this.requestLog.length = 0;
  }

  async stop(): Promise<void> {
    this.timers.stop();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
