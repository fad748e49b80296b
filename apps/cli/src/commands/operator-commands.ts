import type { Command } from 'commander';
import { processCliIo, registerOperatorCommands } from '@auto-promote/operations';

/**
 * The operator commands (setup, doctor, plan, replay, promote, promotions, retry, freeze…); their logic
 * lives in @auto-promote/operations, which tests drive in-process with `runCli`.
 */
export function registerOperatorCommandsOnProcess(program: Command): void {
  registerOperatorCommands(program, processCliIo(), (code) => process.exit(code));
}
