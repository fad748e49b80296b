import type { Command } from 'commander';
import { findPromotion } from '../../promotions-table';
import { retryPromotion } from '../../retry-promotion';
import { print, printJson, runOperation, type OperatorCli } from '../run-operation';

/** `auto-promote retry`. */
export function registerRetryCommand(program: Command, cli: OperatorCli): void {
  const { io } = cli;
  program
    .command('retry')
    .description('send an abandoned or failed promotion to Jenkins again (the record keeps the retry)')
    .argument('<id>', 'promotion id, as `promotions` shows it (the sha may be cut short)')
    .option('--force', 'retry even though a newer promotion of the app holds "latest"')
    .option('--json', 'print the record as JSON')
    .action((id: string, o: { force?: boolean; json?: boolean }) =>
      runOperation(cli, async (ctx) => {
        const transitions = await ctx.transitions();
        const record = await findPromotion(transitions.store, id);
        const result = await retryPromotion(
          {
            transitions,
            latest: await ctx.latest(),
            promotionsQueue: await ctx.promotionsQueue(),
            clock: () => ctx.now(),
          },
          record,
          { force: o.force === true },
        );
        if (o.json) return printJson(io, result);
        const attempt = result.record.retries?.length ?? 1;
        print(
          io,
          `retrying ${result.record.id} (retry ${attempt}, was ${record.status}): back to planned, job ${result.job}`,
        );
      }),
    );
}
