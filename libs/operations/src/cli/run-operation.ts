import { ConfigError } from '@auto-promote/config';
import { GitLabPermanentError, GitLabUnavailableError } from '@auto-promote/gitlab';
import { JenkinsConfigError, JenkinsUnavailableError } from '@auto-promote/jenkins';
import { QueueUnavailableError } from '@auto-promote/queues';
import { OperationError } from '../errors/operation-error';
import { UsageError } from '../errors/usage-error';
import { CliExit, EXIT } from './cli-exit';
import type { CliIo } from './cli-io';
import { OperatorContext, type OpenOperatorServices } from './operator-context';

/** Ends the command: `process.exit` in the binary, a thrown `CliExit` in-process. */
export type ExitFn = (code: number) => void;

/** What every operator command runs with: its streams and environment, how it ends, and its services. */
export interface OperatorCli {
  io: CliIo;
  exit: ExitFn;
  /** Opens the command's Redis, GitLab and Jenkins access: the composition root hands this in. */
  open: OpenOperatorServices;
}

const FAILURES = [
  OperationError,
  GitLabPermanentError,
  GitLabUnavailableError,
  JenkinsConfigError,
  JenkinsUnavailableError,
  QueueUnavailableError,
];

/** The exit code of a failure, after printing it; anything unexpected is a bug and is rethrown. */
function report(io: CliIo, error: unknown): number {
  if (error instanceof CliExit) return error.code;
  if (error instanceof ConfigError) {
    // Exactly as `serve` prints it.
    io.stderr.write(`${error.message}\n`);
    return EXIT.usage;
  }
  if (error instanceof UsageError) {
    io.stderr.write(`error: ${error.message}\n`);
    return EXIT.usage;
  }
  if (FAILURES.some((type) => error instanceof type)) {
    io.stderr.write(`error: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
  throw error;
}

/**
 * Runs one operator command: a context made on demand and always closed, known failures printed as one
 * line with their exit code (configuration and usage 2, failures 1), the body's own code otherwise.
 */
export async function runOperation(
  cli: OperatorCli,
  body: (ctx: OperatorContext) => Promise<number | void>,
): Promise<void> {
  const { io, exit } = cli;
  const ctx = new OperatorContext(io, cli.open);
  let code: number;
  try {
    code = (await body(ctx)) ?? EXIT.ok;
  } catch (error) {
    code = report(io, error);
  } finally {
    await ctx.close();
  }
  exit(code);
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function print(io: CliIo, line = ''): void {
  io.stdout.write(`${line}\n`);
}
