import type { Command } from 'commander';
import { SandboxClient } from '@auto-promote/sandbox';

const print = (line = ''): void => void process.stdout.write(`${line}\n`);

/** `auto-promote-sandbox commit | mrs | merge`: drive a running sandbox by hand, from another terminal. */
export function registerDriveCommands(program: Command): void {
  const sandbox = program;

  sandbox
    .command('commit')
    .description('commit a new image tag of an app to a branch (a change merged into dev)')
    .requiredOption('--app <app>', 'app directory under manifests/, e.g. exampleApp')
    .requiredOption('--tag <tag>', 'new image tag, e.g. 1.0.43-SNAPSHOT-def0123')
    .option('--branch <branch>', 'branch to commit to', 'dev')
    .option('--json', 'print the result as JSON')
    .action(async (o: { app: string; tag: string; branch: string; json?: boolean }) => {
      const sha = await SandboxClient.fromStateFile().commitApp({ app: o.app, tag: o.tag, branch: o.branch });
      if (o.json) print(JSON.stringify({ sha, branch: o.branch, app: o.app, tag: o.tag }));
      else
        print(`committed ${o.app} ${o.tag} to ${o.branch} as ${sha.slice(0, 8)}; GitLab sent the push hook`);
    });

  sandbox
    .command('mrs')
    .description('list merge requests of the deployments repository')
    .option('--state <state>', 'opened, merged, closed or all', 'opened')
    .option('--json', 'print the merge requests as JSON')
    .action(async (o: { state: 'opened' | 'merged' | 'closed' | 'all'; json?: boolean }) => {
      const list = await SandboxClient.fromStateFile().mergeRequests(o.state);
      if (o.json) return print(JSON.stringify(list, null, 2));
      if (list.length === 0) return print(`no ${o.state === 'all' ? '' : `${o.state} `}merge requests`);
      for (const mr of list) {
        print(
          `!${String(mr.iid).padEnd(4)} ${mr.state.padEnd(7)} ${mr.source_branch} → ${mr.target_branch}  ${mr.title}`,
        );
      }
    });

  sandbox
    .command('freeze-period')
    .description("add a GitLab Deploy Freeze period (GITLAB_DEPLOY_FREEZE's targets wait during it)")
    .requiredOption('--start <cron>', 'when it starts, e.g. "0 23 * * 5"')
    .requiredOption('--end <cron>', 'when it ends, e.g. "0 7 * * 1"')
    .option('--timezone <zone>', 'the crons’ time zone', 'UTC')
    .option('--json', 'print the freeze period as JSON')
    .action(async (o: { start: string; end: string; timezone: string; json?: boolean }) => {
      const period = await SandboxClient.fromStateFile().addFreezePeriod({
        freezeStart: o.start,
        freezeEnd: o.end,
        cronTimezone: o.timezone,
      });
      if (o.json) print(JSON.stringify(period, null, 2));
      else
        print(
          `freeze period ${period.id}: from "${period.freeze_start}" to "${period.freeze_end}" (${period.cron_timezone})`,
        );
    });

  sandbox
    .command('merge')
    .description('merge a merge request (as the Merge button does)')
    .argument('<iid>', 'merge request iid, e.g. 2')
    .option('--json', 'print the merged merge request as JSON')
    .action(async (iid: string, o: { json?: boolean }) => {
      const mr = await SandboxClient.fromStateFile().merge(Number(iid.replace(/^!/, '')));
      if (o.json) print(JSON.stringify(mr, null, 2));
      else print(`merged !${mr.iid} into ${mr.target_branch} (${(mr.merge_commit_sha ?? '').slice(0, 8)})`);
    });
}
