import type { Command } from 'commander';
import { dryRunPlan, type DryRunPlan } from '../../dry-run-plan';
import type { CliIo } from '../cli-io';
import { print, printJson, runOperation, type OperatorCli } from '../run-operation';
import { withSpinner } from '../spinner';
import { statusColour, styleFor } from '../style';
import { renderTable } from '../table';

function printPlan(io: CliIo, plan: DryRunPlan): void {
  const style = styleFor(io);
  const { push, preview } = plan;
  print(
    io,
    `${push.branch} ${push.before.slice(0, 8)}..${push.after.slice(0, 8)} → ${push.targetEnv}  (dry run: nothing is recorded or queued)`,
  );
  if (preview.kind === 'skip') {
    print(io, `${style('dim', 'skipped')}: ${preview.reason}`);
    return;
  }
  if (preview.rangeNote) print(io, style('yellow', preview.rangeNote));
  if (preview.usedTreeFallback)
    print(io, style('yellow', 'GitLab truncated the compare: changed apps taken from tree ids'));
  if (preview.promotions.length === 0) print(io, 'no app changed');
  else {
    const rows = preview.promotions.map((p) => {
      const [outcome, detail] =
        p.outcome === 'promote'
          ? ['promote', '']
          : p.outcome === 'skip'
            ? ['skip', p.reason]
            : [`already ${p.record.status}`, p.record.reason ?? ''];
      const colour =
        p.outcome === 'promote'
          ? 'green'
          : (statusColour(p.outcome === 'recorded' ? p.record.status : 'skipped') ?? 'dim');
      const tag = p.outcome === 'recorded' ? p.record.imageTag : p.imageTag;
      return [p.app, p.appName, tag ?? '—', style(colour, outcome), detail];
    });
    print(io, renderTable(['APP', 'APP_NAME', 'IMAGE_TAG', 'OUTCOME', 'REASON'], rows));
  }
  for (const r of preview.rejected) print(io, `${style('yellow', 'not an app')}: ${r.name} — ${r.reason}`);
}

/** `auto-promote plan`: the dry run. */
export function registerPlanCommand(program: Command, cli: OperatorCli): void {
  const { io } = cli;
  program
    .command('plan')
    .description('dry run: what a push would promote (apps, APP_NAME, IMAGE_TAG, skips) — writes nothing')
    .requiredOption('--ref <branch>', 'the pushed branch, e.g. dev (or refs/heads/dev)')
    .requiredOption('--before <sha>', "the push's before commit")
    .option('--after <sha>', "the push's after commit (default: the branch head)")
    .option('--json', 'print the plan as JSON')
    .action((o: { ref: string; before: string; after?: string; json?: boolean }) =>
      runOperation(cli, async (ctx) => {
        const plan = await withSpinner(
          io,
          'GitLab: comparing',
          async () =>
            dryRunPlan(
              {
                config: ctx.config,
                gitlab: ctx.gitlab(),
                promotions: await ctx.promotions(),
                previewPush: ctx.services.previewPush,
                blocks: await ctx.blocks(),
              },
              o,
            ),
          !o.json,
        );
        if (o.json) printJson(io, plan);
        else printPlan(io, plan);
      }),
    );
}
