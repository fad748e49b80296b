import { Command, CommanderError } from 'commander';
import { CliExit, EXIT } from './cli-exit';
import type { CliIo } from './cli-io';
import type { OpenOperatorServices } from './operator-context';
import { registerOperatorCommands } from './register-operator-commands';

/**
 * Runs one operator command in-process (what `npx auto-promote <command>` does) and resolves with its exit
 * code instead of exiting: for tests and embedding. `argv` is the arguments after the program name; `open`
 * makes the command's services (the runtime's `openOperatorServices`).
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  open: OpenOperatorServices,
): Promise<number> {
  const exit = (code: number): never => {
    throw new CliExit(code);
  };
  const program = new Command('auto-promote')
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
    })
    .exitOverride();
  registerOperatorCommands(program, { io, exit, open });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CliExit) return error.code;
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw error;
  }
}
