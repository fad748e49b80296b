import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { PROMOTION_STATUSES, type PromotionQuery, type PromotionStatus } from '@auto-promote/records';
import { findPromotion, promotionRow } from '../../promotions-table';
import { isInteractive } from '../cli-io';
import type { OperatorContext } from '../operator-context';
import { print, printJson, runOperation, type OperatorCli } from '../run-operation';
import { statusColour, styleFor } from '../style';
import { renderTable } from '../table';
import { renderReceipt } from './promotion-receipt';

const positive =
  (name: string) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer`);
    return n;
  };

function parseStatus(value: string): PromotionStatus {
  if (!(PROMOTION_STATUSES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`one of ${PROMOTION_STATUSES.join(', ')}`);
  return value as PromotionStatus;
}

interface PromotionsOptions {
  app?: string;
  target?: string;
  status?: PromotionStatus;
  limit: number;
  watch?: boolean;
  interval: number;
  json?: boolean;
}

async function render(ctx: OperatorContext, query: PromotionQuery): Promise<string> {
  const style = styleFor(ctx.io);
  const page = await (await ctx.promotions()).list(query);
  if (page.items.length === 0) return 'no promotions';
  const now = ctx.now().getTime();
  const rows = page.items.map((record) => {
    const row = promotionRow(record, now);
    const colour = statusColour(row.status);
    return [
      row.id,
      row.app,
      row.route,
      row.tag,
      colour ? style(colour, row.status) : row.status,
      row.build,
      row.age,
    ];
  });
  return renderTable(['ID', 'APP', 'FROM→TO', 'TAG', 'STATUS', 'BUILD', 'AGE'], rows);
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** `auto-promote promotions`. */
export function registerPromotionsCommand(program: Command, cli: OperatorCli): void {
  const { io } = cli;
  program
    .command('promotions')
    .argument('[id]', "one promotion's receipt: delivery, promotion, queue item, build, merge request")
    .description('list promotion records, newest first; --watch refreshes until Ctrl-C')
    .option('--app <app>', 'only this app')
    .option('--target <branch>', 'only promotions to this branch')
    .option('--status <status>', `only this status (${PROMOTION_STATUSES.join(', ')})`, parseStatus)
    .option('--limit <n>', 'at most n rows (max 200)', positive('--limit'), 20)
    .option('--watch', 'refresh until Ctrl-C')
    .option('--interval <ms>', 'refresh interval of --watch', positive('--interval'), 2_000)
    .option('--json', 'print the records as JSON (once)')
    .action((id: string | undefined, o: PromotionsOptions) =>
      runOperation(cli, async (ctx) => {
        if (id !== undefined) {
          const record = await findPromotion(await ctx.promotions(), id);
          return o.json ? printJson(io, record) : print(io, renderReceipt(record));
        }
        const query: PromotionQuery = {
          app: o.app,
          target: o.target,
          status: o.status,
          limit: Math.min(o.limit, 200),
        };
        if (o.json) return printJson(io, await (await ctx.promotions()).list(query));
        if (!o.watch) return print(io, await render(ctx, query));
        const clear = isInteractive(io);
        while (!io.signal?.aborted) {
          const table = await render(ctx, query);
          if (clear) io.stdout.write('\u001b[2J\u001b[H');
          print(
            io,
            `${styleFor(io)('dim', `${ctx.now().toISOString()}  every ${o.interval} ms, Ctrl-C to stop`)}`,
          );
          print(io, table);
          if (!clear) print(io);
          await pause(o.interval, io.signal);
        }
      }),
    );
}
