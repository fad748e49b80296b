import type { Command } from 'commander';
import { registerDoctorCommand } from './commands/doctor-command';
import { registerFreezeCommands } from './commands/freeze-commands';
import { registerPlanCommand } from './commands/plan-command';
import { registerPromoteCommand } from './commands/promote-command';
import { registerPromotionsCommand } from './commands/promotions-command';
import { registerReplayCommand } from './commands/replay-command';
import { registerRetryCommand } from './commands/retry-command';
import { registerSetupCommands } from './commands/setup-commands';
import { EXIT } from './cli-exit';
import type { CliIo } from './cli-io';
import type { ExitFn } from './run-operation';

/**
 * Adds the operator commands to a commander program. Their output goes to `io`, and they end through
 * `exit` — usage errors included, with code 2 (help and version with 0).
 */
export function registerOperatorCommands(program: Command, io: CliIo, exit: ExitFn): void {
  const before = new Set(program.commands);
  registerSetupCommands(program, io, exit);
  registerDoctorCommand(program, io, exit);
  registerPlanCommand(program, io, exit);
  registerReplayCommand(program, io, exit);
  registerPromoteCommand(program, io, exit);
  registerPromotionsCommand(program, io, exit);
  registerRetryCommand(program, io, exit);
  registerFreezeCommands(program, io, exit);
  const configure = (command: Command): void => {
    command
      .configureOutput({
        writeOut: (text) => void io.stdout.write(text),
        writeErr: (text) => void io.stderr.write(text),
      })
      .showHelpAfterError()
      .exitOverride((error) => {
        const ok =
          error.exitCode === 0 ||
          error.code === 'commander.helpDisplayed' ||
          error.code === 'commander.version';
        exit(ok ? EXIT.ok : EXIT.usage);
        throw error; // only reached when `exit` returns
      });
    for (const sub of command.commands) configure(sub);
  };
  for (const command of program.commands) if (!before.has(command)) configure(command);
}
