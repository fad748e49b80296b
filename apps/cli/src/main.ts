import { Command, InvalidArgumentError } from 'commander';
import { ROLES, runFromCli, type Role } from '@auto-promote/runtime';
import { registerOperatorCommandsOnProcess } from './commands/operator-commands';

function parseRoles(value: string): Role[] {
  const names = value.split(',').map((s) => s.trim());
  if (names.includes('all')) return [...ROLES];
  for (const name of names) {
    if (!(ROLES as readonly string[]).includes(name)) {
      throw new InvalidArgumentError(`unknown role '${name}' (use ${ROLES.join(', ')} or all)`);
    }
  }
  return names as Role[];
}

const program = new Command('auto-promote')
  .description('Event-driven environment promotion for GitOps deployments repositories on GitLab and Jenkins')
  .showHelpAfterError();

program
  .command('serve')
  .description('run roles of the service (configuration from the environment or AUTO_PROMOTE_CONFIG)')
  .option('--role <roles>', 'ingress, planner, dispatcher, a comma-separated list, or all', parseRoles, [
    ...ROLES,
  ])
  .action(async (options: { role: Role[] }) => {
    await runFromCli(options.role);
  });

registerOperatorCommandsOnProcess(program);

await program.parseAsync(process.argv);
