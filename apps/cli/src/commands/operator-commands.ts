import type { Command } from 'commander';
import { processCliIo, registerOperatorCommands } from '@auto-promote/operations';
import { openOperatorServices } from '@auto-promote/runtime';

/**
 * The operator commands (setup, doctor, plan, replay, promote, promotions, retry, freeze…); their logic
 * lives in @auto-promote/operations, which tests drive in-process with `runCli`, and their Redis, GitLab
 * and Jenkins access is composed by @auto-promote/runtime.
 */
export function registerOperatorCommandsOnProcess(program: Command): void {
  registerOperatorCommands(program, {
    io: processCliIo(),
    exit: (code) => process.exit(code),
    open: openOperatorServices,
  });
}
