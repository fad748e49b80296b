import type { Command } from 'commander';
import { appNameProblem } from '@auto-promote/domain';
import { OperationError } from '../../errors/operation-error';
import { UsageError } from '../../errors/usage-error';
import { explainChange, explainTargets } from '../../explain/explain';
import { renderExplanation } from '../../explain/render-explanation';
import { print, printJson, runOperation, type OperatorCli } from '../run-operation';

/** `auto-promote explain <app> [--target stage]`. */
export function registerExplainCommand(program: Command, cli: OperatorCli): void {
  const { io } = cli;
  program
    .command('explain')
    .description("why didn't it promote? the app's newest change, from push to build, and what held it")
    .argument('<app>', 'the app (its directory under the apps dir)')
    .option('--target <branch>', "the target branch (default: the target of the app's newest promotion)")
    .option('--json', 'print the explanation as JSON')
    .action((app: string, o: { target?: string; json?: boolean }) =>
      runOperation(cli, async (ctx) => {
        const problem = appNameProblem(app);
        if (problem) throw new UsageError(`app ${JSON.stringify(app)}: ${problem}`);
        const targets = explainTargets(ctx.config.promotion.map);
        if (o.target !== undefined && !targets.includes(o.target))
          throw new UsageError(`--target must be one of ${targets.join(', ')} (PROMOTION_MAP)`);
        const explanation = await explainChange(
          await ctx.explainSources(),
          { app, target: o.target ?? null },
          ctx.now(),
        );
        if (!explanation)
          throw new OperationError(
            `no promotion of ${app} is recorded; name a --target to see what a push would do`,
          );
        if (o.json) printJson(io, explanation);
        else print(io, renderExplanation(explanation));
      }),
    );
}
