import { execFile, execFileSync } from 'node:child_process';

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface RunOptions {
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Resolve with a non-zero exit instead of rejecting. */
  allowFailure?: boolean;
  input?: string;
}

/** One command with a timeout (execFile: no shell); rejects on a non-zero exit unless allowFailure. */
export function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const { timeoutMs = 60_000, env, cwd, allowFailure = false, input } = options;
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      {
        timeout: timeoutMs,
        env: env ?? process.env,
        cwd,
        maxBuffer: 64 * 1024 * 1024,
        killSignal: 'SIGKILL',
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        const result = { stdout: String(stdout), stderr: String(stderr), code };
        if (error && !allowFailure) {
          const reason = error.killed ? `timed out after ${timeoutMs}ms` : `exit ${String(error.code)}`;
          reject(
            new Error(
              `${file} ${args.join(' ')}: ${reason}\n${result.stderr.slice(-4000)}${result.stdout.slice(-2000)}`,
            ),
          );
        } else resolve(result);
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Synchronous, never throws (its output, or '' on failure): for teardown from a signal handler. */
export function runSync(file: string, args: readonly string[], timeoutMs = 120_000): string {
  try {
    return execFileSync(file, args, { timeout: timeoutMs, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  } catch {
    return ''; // best effort
  }
}

/** Polls `probe` every `intervalMs` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs, intervalMs = 500 }: { timeoutMs: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: Error | undefined;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error instanceof Error ? error : new Error(String(error));
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export const log = (line: string): void => void process.stderr.write(`[containers] ${line}\n`);
