import type { Command } from 'commander';
import { isRetryable } from '@auto-promote/domain';
import { promoteApp } from '../../manual-promotion';
import { print, printJson, runOperation, type OperatorCli } from '../run-operation';

/** `auto-promote promote`. */
export function registerPromoteCommand(program: Command, cli: OperatorCli): void {
  const { io } = cli;
  program
    .command('promote')
    .description("promote one app at a commit of a source branch to that branch's target (source manual)")
    .requiredOption('--app <app>', 'the app directory under APPS_DIR, e.g. exampleApp')
    .requiredOption('--from <branch>', 'the source branch, e.g. dev (promotes to its PROMOTION_MAP target)')
    .option('--sha <sha>', 'the commit of the source branch (default: its head)')
    .option(
      '--force',
      'promote even when a newer promotion of the app holds "latest", the same app content was already promoted, or the version is blocked',
    )
    .option('--json', 'print the result as JSON')
    .action((o: { app: string; from: string; sha?: string; force?: boolean; json?: boolean }) =>
      runOperation(cli, async (ctx) => {
        const result = await promoteApp(
          {
            config: ctx.config,
            gitlab: ctx.gitlab(),
            producer: await ctx.producer(),
            promotions: await ctx.promotions(),
            blocks: await ctx.blocks(),
            previewPush: ctx.services.previewPush,
            clock: () => ctx.now(),
          },
          { ...o, force: o.force === true, user: ctx.user },
        );
        if (o.json) return printJson(io, result);
        const what = `${result.app} ${result.sourceEnv}→${result.targetEnv} at ${result.sha.slice(0, 8)}`;
        if (result.outcome === 'exists') {
          print(io, `already recorded: ${what} is ${result.existing?.status} (${result.promotionId})`);
          if (result.existing && isRetryable(result.existing.status))
            print(io, `retry it with: auto-promote retry ${result.promotionId}`);
          return;
        }
        print(io, `${result.outcome}: ${what} — promotion ${result.promotionId}`);
      }),
    );
}
