import type { Command } from 'commander';
import { replayPush } from '../../replay';
import { print, printJson, runOperation, type OperatorCli } from '../run-operation';

/** `auto-promote replay`. */
export function registerReplayCommand(program: Command, cli: OperatorCli): void {
  const { io } = cli;
  program
    .command('replay')
    .description('plan a push range again, as if its webhook had arrived (recorded with source replay)')
    .requiredOption('--ref <branch>', 'the pushed branch, e.g. dev')
    .requiredOption('--before <sha>', "the push's before commit")
    .requiredOption('--after <sha>', "the push's after commit")
    .option('--json', 'print the result as JSON')
    .action((o: { ref: string; before: string; after: string; json?: boolean }) =>
      runOperation(cli, async (ctx) => {
        const result = await replayPush(
          {
            config: ctx.config,
            gitlab: ctx.gitlab(),
            producer: await ctx.producer(),
            clock: () => ctx.now(),
          },
          { ...o, user: ctx.user },
        );
        if (o.json) return printJson(io, result);
        const { push } = result;
        print(
          io,
          `${result.outcome} ${result.eventId}: ${push.branch} ${push.before.slice(0, 8)}..${push.after.slice(0, 8)} → ${push.targetEnv}`,
        );
        print(io, 'follow it with: auto-promote promotions --watch');
      }),
    );
}
