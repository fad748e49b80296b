import { runCli } from '@auto-promote/operations';
import { openOperatorServices } from '@auto-promote/runtime';
import { REDIS_URL } from '../../../support/redis';
import { emulatorEnv, type Stack } from '../../../support/stack';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for --json). */
  json<T = Record<string, unknown>>(): T;
}

/** Runs an operator command in-process, as `npx auto-promote …` would, capturing its output. */
export async function cli(
  argv: string[],
  env: Record<string, string>,
  options: { signal?: AbortSignal; tty?: boolean; onStdout?: (output: string) => void } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    argv,
    {
      env,
      stdout: {
        write: (text: string) => {
          stdout += text;
          options.onStdout?.(stdout);
        },
        isTTY: options.tty ?? false,
      },
      stderr: { write: (text: string) => (stderr += text) },
      signal: options.signal,
    },
    openOperatorServices,
  );
  return { code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T };
}

/** The environment the stack's service was configured with, for the CLI. */
export function stackEnv(stack: Stack, extra: Record<string, string> = {}): Record<string, string> {
  return {
    REDIS_URL,
    QUEUE_PREFIX: stack.prefix,
    ...emulatorEnv(stack.gitlab.url, stack.jenkins.url),
    LOG_LEVEL: 'silent',
    ...extra,
  };
}
