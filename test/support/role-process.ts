import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import type { Role } from '@auto-promote/runtime';
import { freePort } from '@auto-promote/sandbox';
import { waitFor } from './wait-for';

export interface RoleProcessOptions {
  /** LOG_LEVEL of the process; default `warn`. */
  logLevel?: string;
  /** Directory for the process's output (one file per start); discarded when unset. */
  logDir?: string;
  /** Extra flags for node, e.g. `--cpu-prof`. */
  nodeArgs?: readonly string[];
  /** The bundle to run; default the built CLI, dist/apps/cli/main.js. */
  entry?: string;
}

/**
 * Runs the CLI from source (tsx), so a test needs no build and never runs a stale `dist/`; slower to start
 * (~2 s) than the bundle.
 */
export const FROM_SOURCE: RoleProcessOptions = {
  nodeArgs: ['--import', 'tsx', '--import', './tools/register-lua.mjs'],
  entry: 'apps/cli/src/main.ts',
};

/**
 * A role running as a separate `node dist/apps/cli/main.js serve` process (build first), which the
 * fault suite kills and the benchmarks measure.
 */
export class RoleProcess {
  private child: ChildProcess | null = null;
  readonly port: Promise<number> = freePort();

  constructor(
    private readonly roles: readonly Role[],
    private readonly env: NodeJS.ProcessEnv,
    private readonly options: RoleProcessOptions = {},
  ) {}

  get url(): Promise<string> {
    return this.port.then((p) => `http://127.0.0.1:${p}`);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get name(): string {
    return this.roles.join('+');
  }

  async start(): Promise<void> {
    const port = await this.port;
    const output = this.options.logDir
      ? openSync(`${this.options.logDir}/${this.name}-${Date.now()}.log`, 'w')
      : 'ignore';
    this.child = spawn(
      process.execPath,
      [
        ...(this.options.nodeArgs ?? []),
        this.options.entry ?? 'dist/apps/cli/main.js',
        'serve',
        '--role',
        this.roles.join(','),
      ],
      {
        env: {
          ...process.env,
          ...this.env,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: this.options.logLevel ?? 'warn',
        },
        stdio: ['ignore', output, this.options.logDir ? output : 'ignore'],
      },
    );
    const url = await this.url;
    await waitFor(`${this.name} process to be ready`, async () => (await fetch(`${url}/readyz`)).ok, {
      timeoutMs: 20_000,
      intervalMs: 50,
    });
  }

  /** SIGKILL, synchronously: nothing in the process gets to run after this call. */
  killNow(): void {
    this.child?.kill('SIGKILL');
  }

  /** SIGKILL, and wait until the process is gone. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGTERM and wait for the exit (a graceful shutdown). */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /** Sends `signal`; resolves with the exit code once the process is gone (null when a signal ended it). */
  signal(signal: NodeJS.Signals): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null)
      return Promise.resolve(child?.exitCode ?? null);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }
}
