// `auto-promote-sandbox` (`npm run sandbox`): the sandbox and the GitLab and Jenkins emulators. Test and demo
// tooling, bundled apart from the service's CLI (dist/apps/cli) so that no emulator code ships in the service.
import { Command } from 'commander';
import { SandboxError } from '@auto-promote/sandbox';
import { registerDriveCommands } from './commands/drive-commands';
import { registerEmulatorsCommand } from './commands/emulators-command';
import { registerRunCommand } from './commands/run-command';

const program = new Command('auto-promote-sandbox')
  .description(
    'auto-promote against GitLab and Jenkins emulators: run a sandbox, drive it, or serve the emulators',
  )
  .showHelpAfterError();

registerRunCommand(program);
registerDriveCommands(program);
registerEmulatorsCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Known failures get their message only; anything else is a bug worth a stack trace.
  if (error instanceof SandboxError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
