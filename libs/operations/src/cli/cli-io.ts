/** Where an operator command reads its configuration and writes its output. */
export interface CliIo {
  /** Configuration source, as for the service (`loadConfig`), plus NO_COLOR. */
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  /** Aborted on Ctrl-C: commands that run until interrupted (`--watch`) stop cleanly. */
  signal?: AbortSignal;
  /** The clock (tests fix it). */
  now?: () => Date;
}

/**
 * The process's own streams. The SIGINT handler that aborts `signal` is installed only when a command asks
 * for the signal (`--watch`), so every other command keeps Ctrl-C's default of ending the process.
 */
export function processCliIo(): CliIo {
  let controller: AbortController | undefined;
  return {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    get signal(): AbortSignal {
      if (!controller) {
        const created = new AbortController();
        process.once('SIGINT', () => created.abort());
        controller = created;
      }
      return controller.signal;
    },
  };
}

/** Colour and spinners only on a terminal, and never with NO_COLOR set. */
export function isInteractive(io: CliIo): boolean {
  return io.stdout.isTTY === true && !io.env['NO_COLOR'];
}
