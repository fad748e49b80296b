import { spawn } from 'node:child_process';

export interface GitRunOptions {
  /** Bytes written to the child's stdin. */
  input?: string | Buffer;
  /** Extra environment (author/committer identity and dates, GIT_INDEX_FILE...). */
  env?: Record<string, string>;
  /** Exit codes that are not errors (e.g. 1 for `merge-tree` conflicts, `merge-base --is-ancestor`). */
  okExitCodes?: readonly number[];
}

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly code: number,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} exited with ${code}: ${stderr.trim()}`);
    this.name = 'GitError';
  }
}

/** Runs git against one repository; every caller goes through this so the environment is always sanitised. */
export type GitExec = (args: readonly string[], options?: GitRunOptions) => Promise<GitResult>;

/**
 * The inherited environment minus every GIT_* variable: tests may run inside a git hook, where GIT_DIR or
 * GIT_INDEX_FILE would silently redirect our commands to the developer's repository. User and system config are
 * ignored so settings like `diff.noprefix` or `color.ui` cannot change the output we parse.
 */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('GIT_')) env[key] = value;
  }
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    // Paths we pass after `--` are file names, never glob patterns.
    GIT_LITERAL_PATHSPECS: '1',
  };
}

const BASE_ENV = baseEnv();

/** The sanitised environment every git process of the emulator runs with. */
export function gitEnvironment(): Record<string, string> {
  return BASE_ENV;
}

export function runGit(
  gitDir: string | null,
  args: readonly string[],
  options: GitRunOptions = {},
): Promise<GitResult> {
  const fullArgs = gitDir === null ? [...args] : [`--git-dir=${gitDir}`, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn('git', fullArgs, { env: { ...BASE_ENV, ...options.env }, stdio: 'pipe' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const result: GitResult = {
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString('utf8'),
        code: code ?? -1,
      };
      if (result.code === 0 || options.okExitCodes?.includes(result.code)) resolve(result);
      else reject(new GitError(args, result.code, result.stderr));
    });
    // A child that exits before reading stdin raises EPIPE; the exit code tells the real story.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

export function gitExecFor(gitDir: string): GitExec {
  return (args, options) => runGit(gitDir, args, options);
}

/** Trimmed stdout as text. */
export function text(result: GitResult): string {
  return result.stdout.toString('utf8').trim();
}
