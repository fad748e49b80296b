import type { DrainInput, DrainResult } from '../baselines/bullmq-drain';
import type { BenchContext } from './bench-context';
import type { BenchStack } from './bench-stack';
import { runScript } from './child-script';

/**
 * The same-run ceiling of any queue-based pipeline: bench/baselines/bullmq-drain.ts in a process of its
 * own, on the stack's Redis under a prefix of its own (removed with the stack), reported as a base row.
 * `where` tells the row apart when a scenario runs it on another Redis.
 */
export async function drainBaseline(
  ctx: BenchContext,
  stack: BenchStack,
  where = '',
): Promise<{ drain: DrainResult; baseline: { name: string; value: number } }> {
  const drain = await runScript<DrainResult>('bench/baselines/bullmq-drain.ts', {
    redisUrl: stack.redisUrl,
    prefix: stack.newPrefix('drain'),
    jobs: ctx.options.quick ? 5_000 : 20_000,
    concurrency: 50,
    pickups: 300,
  } satisfies DrainInput);
  ctx.log(
    `  BullMQ no-op drain ${Math.round(drain.jobsPerSecond)} jobs/s, pickup p50 ${drain.pickupMs.p50.toFixed(2)} ms`,
  );
  ctx.results.add({
    target: 'base',
    measurement: `BullMQ no-op drain, concurrency 50${where}`,
    value: drain.jobsPerSecond,
    unit: 'jobs/s',
    goal: 'reference 17–21k',
  });
  return { drain, baseline: { name: 'BullMQ no-op drain', value: drain.jobsPerSecond } };
}
