import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../errors/usage-error';
import { setupJenkins, type SetupJenkinsResult } from '../../setup-jenkins';
import { setupWebhook, type SetupWebhookResult } from '../../setup-webhook';
import { EXIT } from '../cli-exit';
import type { CliIo } from '../cli-io';
import { print, printJson, runOperation, type OperatorCli } from '../run-operation';
import { withSpinner } from '../spinner';
import { styleFor } from '../style';

function printWebhook(io: CliIo, result: SetupWebhookResult): void {
  const style = styleFor(io);
  const would = result.dryRun ? 'would be ' : '';
  const hook = result.hookId === null ? 'a hook' : `hook #${result.hookId}`;
  if (result.action === 'unchanged') {
    print(io, `${style('green', 'unchanged')}  ${hook} → ${result.url}`);
    print(
      io,
      style('dim', '  GitLab never returns the secret token: only the visible fields were compared.'),
    );
    print(io, style('dim', '  Run with --rotate-token to send GITLAB_WEBHOOK_SECRET again.'));
  } else {
    const verb = result.action === 'created' ? `${would}created` : `${would}updated`;
    print(io, `${style('yellow', verb)}  ${hook} → ${result.url}`);
    for (const change of result.changes) print(io, `  ${change.field}: ${change.from} → ${change.to}`);
    if (result.tokenSent)
      print(io, `  token: ${result.dryRun ? 'would be sent' : 'sent'} (GITLAB_WEBHOOK_SECRET)`);
  }
  const { filter } = result;
  const shown =
    filter.mode === 'all-branches'
      ? 'none: every branch (the ingress ignores pushes to branches outside PROMOTION_MAP)'
      : `${filter.mode} ${filter.value}`;
  print(io, `  branch filter: ${shown}${filter.confirmed ? ' (read back from GitLab)' : ''}`);
  if (filter.note) print(io, style('dim', `  not the regex filter: ${filter.note}`));
  for (const warning of result.warnings) io.stderr.write(`${style('yellow', 'warning:')} ${warning}\n`);
}

function printJenkins(io: CliIo, result: SetupJenkinsResult): void {
  const style = styleFor(io);
  if (result.action !== 'checked') {
    const word = result.dryRun && result.action !== 'unchanged' ? `would be ${result.action}` : result.action;
    print(io, `${style(result.action === 'unchanged' ? 'green' : 'yellow', word)}  job '${result.job}'`);
  }
  const check = result.check;
  if (!check) return;
  if (check.exists) {
    print(io, `  buildable: ${check.buildable ? 'yes' : style('red', 'no')}`);
    print(io, `  parameters: ${check.parameters.join(', ') || 'none'}`);
    print(
      io,
      `  PROMOTION_ID: ${check.declaresPromotionId ? 'declared' : style('yellow', 'not declared (recommended: builds can then be matched to promotions)')}`,
    );
  }
  for (const problem of check.problems) print(io, `${style('red', '✗')} ${problem}`);
  if (check.problems.length === 0)
    print(io, `${style('green', '✓')} job '${check.job}' is ready for auto-promote`);
}

/** `auto-promote setup webhook|jenkins`. */
export function registerSetupCommands(program: Command, cli: OperatorCli): void {
  const { io } = cli;
  const setup = program
    .command('setup')
    .description('configure GitLab and Jenkins for auto-promote (idempotent: safe to run again)');

  setup
    .command('webhook')
    .description("create or update GITLAB_PROJECT's push hook pointing at the ingress")
    .requiredOption(
      '--url <url>',
      'public URL of the ingress webhook, e.g. https://auto-promote.example.com/webhooks/gitlab',
    )
    .option('--insecure-skip-tls-verify', 'turn off TLS verification of the ingress certificate')
    .option(
      '--rotate-token',
      'send GITLAB_WEBHOOK_SECRET even when the hook is otherwise unchanged (GitLab never shows the token)',
    )
    .option('--dry-run', 'show the change only; write nothing')
    .option('--json', 'print the result as JSON')
    .action(
      (o: {
        url: string;
        insecureSkipTlsVerify?: boolean;
        rotateToken?: boolean;
        dryRun?: boolean;
        json?: boolean;
      }) =>
        runOperation(cli, async (ctx) => {
          const result = await withSpinner(
            io,
            'GitLab: project hooks',
            () =>
              setupWebhook(ctx.gitlab(), ctx.config, {
                url: o.url,
                insecureSkipTlsVerify: o.insecureSkipTlsVerify === true,
                rotateToken: o.rotateToken === true,
                dryRun: o.dryRun === true,
              }),
            !o.json,
          );
          if (o.json) printJson(io, result);
          else printWebhook(io, result);
        }),
    );

  setup
    .command('jenkins')
    .description('check JENKINS_JOB (exists, buildable, parameters); with --job-config, create or update it')
    .option('--job-config <file>', "the job's config.xml: the job is created or updated to it")
    .option('--dry-run', 'show what would change; write nothing')
    .option('--json', 'print the result as JSON')
    .action((o: { jobConfig?: string; dryRun?: boolean; json?: boolean }) =>
      runOperation(cli, async (ctx) => {
        let xml: string | undefined;
        if (o.jobConfig !== undefined) {
          try {
            xml = readFileSync(o.jobConfig, 'utf8');
          } catch (error) {
            throw new UsageError(
              `cannot read --job-config ${o.jobConfig} (${(error as NodeJS.ErrnoException).code})`,
            );
          }
        }
        const result = await withSpinner(
          io,
          `Jenkins: job ${ctx.config.jenkins.job}`,
          () => setupJenkins(ctx.jenkins(), { jobConfigXml: xml, dryRun: o.dryRun === true }),
          !o.json,
        );
        if (o.json) printJson(io, result);
        else printJenkins(io, result);
        return result.check === null || result.check.problems.length === 0 ? EXIT.ok : EXIT.failed;
      }),
    );
}
