import type { Command } from 'commander';
import { describeBlocked, type VersionBlock } from '@auto-promote/domain';
import { liftBlocks, placeBlock } from '../../blocks';
import { UsageError } from '../../errors/usage-error';
import { print, printJson, runOperation, type OperatorCli } from '../run-operation';
import { renderTable } from '../table';

interface VersionOptions {
  app?: string;
  tag?: string;
  sha?: string;
  target?: string;
}

const versionOf = (b: VersionBlock): string => (b.match.kind === 'tag' ? b.match.tag : b.match.sha);

/** `auto-promote block`, `unblock`, `blocks`: quarantined versions. */
export function registerBlockCommands(program: Command, cli: OperatorCli): void {
  const { io } = cli;
  program
    .command('block')
    .description(
      'quarantine an app at an image tag or commit: no push, reconcile, replay or promote (without --force) triggers it',
    )
    .requiredOption('--app <app>', 'the app directory under APPS_DIR, e.g. exampleApp')
    .option('--tag <tag>', 'the IMAGE_TAG to block, e.g. 1.0.43-rc1-abc1234')
    .option('--sha <sha>', 'or the pushed commit to block (full sha)')
    .requiredOption('--reason <text>', 'why: recorded with every promotion it skips')
    .option('--target <branch>', 'block it for this target only (default: every target)')
    .option('--by <name>', 'who blocks it (default: the OS user)')
    .option('--json', 'print the block as JSON')
    .action((o: VersionOptions & { app: string; reason: string; by?: string; json?: boolean }) =>
      runOperation(cli, async (ctx) => {
        const { block, created } = await placeBlock(
          { config: ctx.config, blocks: await ctx.blocks() },
          { ...o, by: o.by ?? ctx.user ?? 'unknown' },
        );
        if (o.json) return printJson(io, { block, created });
        const what = `${describeBlocked(block)}: ${block.reason}`;
        print(
          io,
          created
            ? `blocked ${what} [block ${block.id}, by ${block.by}]`
            : `already blocked: ${what} [block ${block.id}, by ${block.by} at ${block.createdAt}]`,
        );
      }),
    );

  program
    .command('unblock')
    .description(
      'lift a block (kept for the audit); skipped promotions are not re-sent: replay their push or promote them',
    )
    .option('--id <id>', 'the block, as `blocks` lists it')
    .option('--app <app>', 'or the app whose version to release…')
    .option('--tag <tag>', '…at this IMAGE_TAG')
    .option('--sha <sha>', '…or at this commit')
    .option('--target <branch>', 'only the block for this target (default: every block of that version)')
    .option('--by <name>', 'who lifts it (default: the OS user)')
    .option('--json', 'print the lifted blocks as JSON')
    .action((o: VersionOptions & { id?: string; by?: string; json?: boolean }) =>
      runOperation(cli, async (ctx) => {
        if ((o.id === undefined) === (o.app === undefined))
          throw new UsageError('give --id, or --app with --tag or --sha');
        const selector = o.id !== undefined ? { id: o.id } : { ...o, app: o.app ?? '' };
        const lifted = await liftBlocks(
          { blocks: await ctx.blocks() },
          selector,
          o.by ?? ctx.user ?? 'unknown',
        );
        if (o.json) return printJson(io, lifted);
        for (const b of lifted)
          print(io, `unblocked ${describeBlocked(b)} [block ${b.id}, by ${b.liftedBy}]`);
        print(io, 'promotions it skipped are not re-sent by this: replay their push, or promote them');
      }),
    );

  program
    .command('blocks')
    .description('list the active blocks (with --all, the lifted ones too)')
    .option('--all', 'include lifted blocks (the audit)')
    .option('--json', 'print the blocks as JSON')
    .action((o: { all?: boolean; json?: boolean }) =>
      runOperation(cli, async (ctx) => {
        const blocks = await (await ctx.blocks()).list({ all: o.all === true });
        if (o.json) return printJson(io, blocks);
        if (blocks.length === 0) return print(io, o.all ? 'no blocks' : 'no active blocks');
        const headers = ['ID', 'APP', 'VERSION', 'TARGET', 'BY', 'SINCE', 'REASON'];
        const rows = blocks.map((b) => [
          b.id,
          b.app,
          versionOf(b),
          b.target ?? 'all',
          b.by,
          b.createdAt,
          b.reason,
        ]);
        if (!o.all) return print(io, renderTable(headers, rows));
        print(
          io,
          renderTable(
            [...headers.slice(0, 6), 'LIFTED', ...headers.slice(6)],
            blocks.map((b, i) => {
              const row = rows[i] ?? [];
              const lifted = b.liftedAt ? `${b.liftedAt} by ${b.liftedBy}` : 'active';
              return [...row.slice(0, 6), lifted, ...row.slice(6)];
            }),
          ),
        );
      }),
    );
}
