import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Bench helpers (load generator, baseline servers, BullMQ drain) run as their own node processes so
 * they never share a CPU core's event loop with what they measure. They take their input as JSON in
 * BENCH_INPUT and talk back on stdout: `READY <url>` when a server listens, `RESULT <json>` at the end.
 */
const READY = 'READY ';
const RESULT = 'RESULT ';

export interface ScriptOptions {
  nodeArgs?: readonly string[];
  /** Kill the child if it has not finished by then. */
  timeoutMs?: number;
}

function spawnScript(file: string, input: unknown, options: ScriptOptions): ChildProcess {
  return spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', 'tsx', '--import', './tools/register-lua.mjs', file],
    {
      env: { ...process.env, BENCH_INPUT: JSON.stringify(input) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
}

function lines(child: ChildProcess, onLine: (line: string) => void): void {
  if (child.stdout) createInterface({ input: child.stdout }).on('line', onLine);
}

/** Runs a script to its end and resolves with what it reported on its RESULT line. */
export function runScript<T>(file: string, input: unknown, options: ScriptOptions = {}): Promise<T> {
  const child = spawnScript(file, input, options);
  let result: T | undefined;
  lines(child, (line) => {
    if (line.startsWith(RESULT)) result = JSON.parse(line.slice(RESULT.length)) as T;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (result !== undefined && code === 0) resolve(result);
      else reject(new Error(`${file} exited with ${signal ?? code} without a result`));
    });
  });
}

export interface ScriptServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts a server script and resolves once it listens. */
export function startServerScript(
  file: string,
  input: unknown,
  options: ScriptOptions = {},
): Promise<ScriptServer> {
  const child = spawnScript(file, input, options);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} did not start within 20 s`));
    }, 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited with ${code} before it listened`));
    });
    lines(child, (line) => {
      if (!line.startsWith(READY)) return;
      clearTimeout(timer);
      resolve({ url: line.slice(READY.length).trim(), pid: child.pid ?? 0, stop });
    });
  });
}

/** In a child script: its input. */
export function scriptInput<T>(): T {
  const raw = process.env['BENCH_INPUT'];
  if (!raw) throw new Error('BENCH_INPUT is not set: run this file through the bench');
  return JSON.parse(raw) as T;
}

/** In a child script: report that the server listens at `url`. */
export function reportReady(url: string): void {
  process.stdout.write(`${READY}${url}\n`);
}

/** In a child script: report the result (the parent reads the last RESULT line). */
export function reportResult(result: unknown): void {
  process.stdout.write(`${RESULT}${JSON.stringify(result)}\n`);
}
