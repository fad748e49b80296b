import { randomBytes } from 'node:crypto';
import type { BenchContext, Scenario } from '../support/bench-context';
import { WEBHOOK_HEADERS } from '../support/bench-env';
import { BenchStack } from '../support/bench-stack';
import { runLoad, runPacedLoad, type LoadOptions } from '../support/load-generator';
import { AFTER_PLACEHOLDER, pushBody } from '../support/push-payload';

/** A load of unique 4 KB pushes on the ingress, at a fixed rate or as fast as it answers. */
function load(url: string, seconds: number, overallRate?: number): LoadOptions {
  const runId = randomBytes(4).toString('hex');
  return {
    url,
    path: '/webhooks/gitlab',
    headers: WEBHOOK_HEADERS,
    body: {
      template: pushBody({
        before: 'b'.repeat(40),
        after: AFTER_PLACEHOLDER,
        apps: ['exampleApp', 'postgres', 'apiGateway'],
        sizeBytes: 4_096,
      }),
      placeholder: AFTER_PLACEHOLDER,
      unique: true,
      runId,
    },
    connections: 30,
    durationSeconds: seconds,
    warmupSeconds: 1,
    ...(overallRate ? { overallRate } : {}),
  };
}

/**
 * Target 2: the webhook's answer time (queued path) under a fixed load of half the highest rate the
 * ingress sustained in this run (from target 1, or measured here when run alone): p99 ≤ 10 ms. The
 * target is judged on an evenly paced load (bench/load/paced-run.ts); autocannon's overallRate is
 * reported too, but it sends in bursts (a per-second budget per connection, spent at full speed).
 */
export const ackLatency: Scenario = {
  id: 'ack',
  title: 'Ack latency at half the maximum rate (target 2)',
  async run(ctx: BenchContext) {
    const stack = await BenchStack.start(ctx, { name: 'ack' });
    try {
      const ingress = await stack.startRoles(['ingress']);
      const url = await ingress.url;
      const max = ctx.shared.ingressMaxRate ?? (await runLoad(load(url, 3))).rate;
      const rate = Math.round(max / 2);
      const seconds = ctx.options.quick ? 5 : 10;
      const paced = await runPacedLoad({ ...load(url, seconds), overallRate: rate });
      const bursty = await runLoad(load(url, seconds, rate));
      for (const [name, result] of [
        ['evenly paced', paced],
        ['autocannon overallRate', bursty],
      ] as const) {
        ctx.log(
          `  ${name} at ${rate} req/s: ${Math.round(result.rate)} req/s answered, ${JSON.stringify(result.latency)}`,
        );
      }
      const row = ctx.results.add({
        target: '2',
        measurement: `POST /webhooks/gitlab answer time at ${rate} req/s (half of max), evenly paced, p99`,
        value: paced.latency.p99,
        unit: 'ms',
        goal: '≤ 10 ms',
        note: `p50 ${paced.latency.p50.toFixed(2)}, max ${paced.latency.max.toFixed(1)}`,
      });
      row.met = row.value <= 10;
      ctx.results.add({
        target: '2',
        measurement: `… the same rate from autocannon overallRate (per-second bursts), p99`,
        value: bursty.latency.p99,
        unit: 'ms',
        note: `p50 ${bursty.latency.p50.toFixed(2)}: each connection spends its second's budget at full speed`,
      });
    } finally {
      await stack.stop();
    }
  },
};
