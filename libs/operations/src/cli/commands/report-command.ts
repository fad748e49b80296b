import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { parseDuration } from '@auto-promote/config';
import { formatDuration } from '@auto-promote/domain';
import { leadTimeRows } from '../../change-ways';
import { print, printJson, runOperation, type OperatorCli } from '../run-operation';
import { renderTable } from '../table';

interface ReportOptions {
  since: number;
  app?: string;
  json?: boolean;
}

function window(value: string): number {
  const ms = parseDuration(value);
  if (ms === null || ms <= 0) throw new InvalidArgumentError('a duration such as 30d, 12h or 90m');
  return ms;
}

/** `auto-promote report`: DORA-style lead time per app and environment, from the records. */
export function registerReportCommand(program: Command, cli: OperatorCli): void {
  const { io } = cli;
  program
    .command('report')
    .description('lead time (dev push → merge request merged) per app and environment: median, p90, count')
    .option(
      '--since <duration>',
      'merge requests merged in this window (e.g. 30d, 12h)',
      window,
      30 * 86_400_000,
    )
    .option('--app <app>', 'only this app')
    .option('--json', 'print the figures as JSON (seconds)')
    .action((o: ReportOptions) =>
      runOperation(cli, async (ctx) => {
        const now = ctx.now();
        const since = new Date(now.getTime() - o.since);
        const rows = await leadTimeRows(
          await ctx.redis(),
          ctx.config.redis.prefix,
          await ctx.chains(),
          since,
          o.app,
        );
        if (o.json) return printJson(io, { since: since.toISOString(), until: now.toISOString(), rows });
        if (rows.length === 0)
          return print(
            io,
            `no merge request merged since ${since.toISOString()} (lead time needs merged ones)`,
          );
        print(io, `lead time since ${since.toISOString()} (dev push received → merge request merged)`);
        print(
          io,
          renderTable(
            ['APP', 'ENV', 'COUNT', 'MEDIAN', 'P90', 'REVIEW WAIT (MEDIAN)'],
            rows.map((r) => [
              r.app,
              r.target,
              String(r.count),
              formatDuration(r.medianSeconds),
              formatDuration(r.p90Seconds),
              formatDuration(r.reviewWaitMedianSeconds),
            ]),
          ),
        );
      }),
    );
}
