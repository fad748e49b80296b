import type { Command } from 'commander';
import type { Freeze } from '@auto-promote/records';
import { freezeListEntries, freezeListing } from '../../freeze-listing';
import { freezeTarget, promotionTargets, unfreezeTarget } from '../../freezes';
import { print, printJson, runOperation, type OperatorCli } from '../run-operation';
import { renderTable } from '../table';

const describe = (f: Freeze): string =>
  `${f.target} frozen${f.until ? ` until ${f.until}` : ' until unfrozen'}${f.by ? ` by ${f.by}` : ''}: ${f.reason}`;

/** `auto-promote freeze`, `unfreeze`, `freezes`. */
export function registerFreezeCommands(program: Command, cli: OperatorCli): void {
  const { io } = cli;
  program
    .command('freeze')
    .description('hold back promotions into a target branch (they wait, and go once it is lifted or ends)')
    .requiredOption('--target <branch>', 'the target branch, e.g. prod')
    .requiredOption('--reason <text>', 'why: shown with every held promotion')
    .option(
      '--until <time>',
      'end it by itself: an ISO time or a duration such as 2h (default: until unfreeze)',
    )
    .option('--by <name>', 'who owns the freeze: shown with it everywhere (default: the OS user)')
    .option('--json', 'print the freeze as JSON')
    .action((o: { target: string; reason: string; until?: string; by?: string; json?: boolean }) =>
      runOperation(cli, async (ctx) => {
        const freeze = await freezeTarget(
          { config: ctx.config, freezes: await ctx.freezes(), clock: () => ctx.now() },
          { ...o, by: o.by ?? ctx.user },
        );
        if (o.json) printJson(io, freeze);
        else print(io, describe(freeze));
      }),
    );

  program
    .command('unfreeze')
    .description('lift the freeze of a target branch; held promotions go at once')
    .requiredOption('--target <branch>', 'the target branch, e.g. prod')
    .option('--json', 'print the result as JSON')
    .action((o: { target: string; json?: boolean }) =>
      runOperation(cli, async (ctx) => {
        const result = await unfreezeTarget(
          {
            config: ctx.config,
            freezes: await ctx.freezes(),
            promotions: await ctx.promotions(),
            promotionsQueue: await ctx.promotionsQueue(),
          },
          o.target,
        );
        if (o.json) return printJson(io, result);
        print(
          io,
          result.lifted
            ? `${o.target} unfrozen; ${result.released} held promotion(s) released`
            : `${o.target} was not frozen`,
        );
      }),
    );

  program
    .command('freezes')
    .description(
      "list the current freezes: operators' and GitLab's deploy freeze calendar (GITLAB_DEPLOY_FREEZE)",
    )
    .option('--json', 'print the active freezes as JSON')
    .action((o: { json?: boolean }) =>
      runOperation(cli, async (ctx) => {
        const active = await ctx.activeFreezes();
        const targets = await active.all(promotionTargets(ctx.config), ctx.now().getTime());
        if (o.json) return printJson(io, freezeListEntries(targets));
        const { rows, notes } = freezeListing(targets);
        const table =
          rows.length === 0 ? 'no freezes' : renderTable(['TARGET', 'UNTIL', 'BY', 'REASON'], rows);
        print(io, [table, ...notes].join('\n'));
      }),
    );
}
