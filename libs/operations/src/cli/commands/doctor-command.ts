import type { Command } from 'commander';
import { runDoctor, type DoctorReport } from '../../doctor';
import { UsageError } from '../../errors/usage-error';
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

function seconds(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`${option} must be a positive number of seconds, got '${value}'`);
  return n;
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
    .option('--no-test-push', 'skip asking GitLab for a test push to prove that webhooks reach the ingress')
    .option('--test-push-timeout <seconds>', 'how long to wait for the ingress to record the test push', '10')
    .option('--json', 'print the checks as JSON')
    .action((o: { url?: string; json?: boolean; testPush: boolean; testPushTimeout: string }) =>
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
              {
                url: o.url,
                testPush: o.testPush,
                deliveryTimeoutMs: seconds(o.testPushTimeout, '--test-push-timeout') * 1000,
              },
            ),
          !o.json,
        );
        if (o.json) printJson(io, report);
        else printReport(io, report);
        return report.ok ? EXIT.ok : EXIT.failed;
      }),
    );
}
