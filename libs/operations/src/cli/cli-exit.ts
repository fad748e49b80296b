/** Ends a command with an exit code (thrown in-process, where the process must not exit). */
export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = 'CliExit';
  }
}

/** Exit codes of the operator commands (docs/cli.md). */
export const EXIT = {
  ok: 0,
  /** A check failed, or the operation could not be done. */
  failed: 1,
  /** Bad usage or configuration. */
  usage: 2,
} as const;
