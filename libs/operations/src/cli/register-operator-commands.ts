import type { Command } from 'commander';
import { registerDoctorCommand } from './commands/doctor-command';
import { registerExplainCommand } from './commands/explain-command';
import { registerFreezeCommands } from './commands/freeze-commands';
import { registerPlanCommand } from './commands/plan-command';
import { registerPromoteCommand } from './commands/promote-command';
import { registerPromotionsCommand } from './commands/promotions-command';
import { registerReplayCommand } from './commands/replay-command';
import { registerRetryCommand } from './commands/retry-command';
import { registerSetupCommands } from './commands/setup-commands';
import { EXIT } from './cli-exit';
import type { OperatorCli } from './run-operation';

/**
 * Adds the operator commands to a commander program. Their output goes to `cli.io`, they end through
 * `cli.exit` — usage errors included, with code 2 (help and version with 0) — and they reach Redis, GitLab
 * and Jenkins through the services `cli.open` makes.
 */
export function registerOperatorCommands(program: Command, cli: OperatorCli): void {
  const { io, exit } = cli;
  const before = new Set(program.commands);
  registerSetupCommands(program, cli);
  registerDoctorCommand(program, cli);
  registerPlanCommand(program, cli);
  registerReplayCommand(program, cli);
  registerPromoteCommand(program, cli);
  registerPromotionsCommand(program, cli);
  registerRetryCommand(program, cli);
  registerFreezeCommands(program, cli);
  registerExplainCommand(program, cli);
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
