import type { Command } from 'commander';
import { runDoctor, type DoctorReport } from '../../doctor';
import { EXIT } from '../cli-exit';
import type { CliIo } from '../cli-io';
import { print, printJson, runOperation, type OperatorCli } from '../run-operation';
import { withSpinner } from '../spinner';
import { styleFor } from '../style';

function printReport(io: CliIo, report: DoctorReport): void {
  const style = styleFor(io);
  const marks = { ok: style('green', '✓'), warn: style('yellow', '!'), fail: style('red', '✗') };
  let group = '';
  for (const check of report.checks) {
    if (check.group !== group) {
      group = check.group;
      print(io, style('bold', group));
    }
    print(io, `  ${marks[check.status]} ${check.name.padEnd(17)} ${check.detail}`);
    if (check.fix && check.status !== 'ok') print(io, `    ${style('dim', `fix: ${check.fix}`)}`);
  }
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  print(io, failed === 0 ? style('green', 'all checks passed') : style('red', `${failed} check(s) failed`));
}

/** `auto-promote doctor`. */
export function registerDoctorCommand(program: Command, cli: OperatorCli): void {
  const { io } = cli;
  program
    .command('doctor')
    .description('check Redis, GitLab and Jenkins as auto-promote uses them; exit 1 when a check fails')
    .option(
      '--url <url>',
      'the public webhook URL the GitLab hook must point at (default: any …/webhooks/gitlab)',
    )
    .option('--json', 'print the checks as JSON')
    .action((o: { url?: string; json?: boolean }) =>
      runOperation(cli, async (ctx) => {
        const report = await withSpinner(
          io,
          'checking Redis, GitLab and Jenkins',
          () =>
            runDoctor(
              {
                config: ctx.config,
                connectRedis: () => ctx.redis(),
                gitlab: ctx.gitlab(),
                jenkins: ctx.jenkins(),
              },
              { url: o.url },
            ),
          !o.json,
        );
        if (o.json) printJson(io, report);
        else printReport(io, report);
        return report.ok ? EXIT.ok : EXIT.failed;
      }),
    );
}
