import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { ChangeWay } from '@auto-promote/domain';
import { changesOfApp, renderChange } from '../../change-ways';
import { OperationError } from '../../errors/operation-error';
import { UsageError } from '../../errors/usage-error';
import { print, printJson, runOperation, type OperatorCli } from '../run-operation';

interface ChangesOptions {
  app?: string;
  id?: string;
  limit: number;
  json?: boolean;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('--limit must be a positive integer');
  return n;
}

/** `auto-promote changes`: each change's way from the dev push to prod, with its times and lead time. */
export function registerChangesCommand(program: Command, cli: OperatorCli): void {
  const { io } = cli;
  program
    .command('changes')
    .description("one change's way: dev push → stage promotion → build → MR → merged → prod …, with times")
    .option('--app <app>', 'the newest changes of this app')
    .option('--id <promotion>', 'the change this promotion belongs to (any promotion of it)')
    .option('--limit <n>', 'at most n changes (max 50)', positive, 5)
    .option('--json', 'print the changes as JSON')
    .action((o: ChangesOptions) =>
      runOperation(cli, async (ctx) => {
        if (o.app === undefined && o.id === undefined)
          throw new UsageError('give --app <app> or --id <promotion>');
        const chains = await ctx.chains();
        let ways: ChangeWay[];
        if (o.id !== undefined) {
          const way = await chains.wayOf(o.id);
          if (!way) throw new OperationError(`promotion ${o.id} not found`);
          ways = [way];
        } else {
          ways = await changesOfApp(await ctx.promotions(), chains, o.app ?? '', Math.min(o.limit, 50));
        }
        if (o.json) return printJson(io, ways);
        if (ways.length === 0) return print(io, `no changes of ${o.app ?? ''}`);
        print(io, ways.map(renderChange).join('\n\n'));
      }),
    );
}
