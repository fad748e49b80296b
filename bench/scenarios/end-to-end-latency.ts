import { performance } from 'node:perf_hooks';
import type { BenchContext, Scenario } from '../support/bench-context';
import { WEBHOOK_HEADERS } from '../support/bench-env';
import { BenchStack } from '../support/bench-stack';
import { describeCalls, gitlabCalls, gitlabQuiet } from '../support/api-calls';
import { appFiles, writeCommitChain } from '../support/commits';
import { pushBody } from '../support/push-payload';
import { summarize } from '../support/stats';
import { TriggerWatch } from '../support/trigger-watch';

const WARMUP = 20;

/**
 * Target 3 (and the per-push half of target 6): sequential pushes, each changing one app, from the
 * moment the bench sends the webhook to the moment the Jenkins emulator receives the trigger. All
 * roles run in one process; JENKINS_MAX_TRIGGERS_PER_SECOND=0 (the rate limit would space triggers
 * apart, which is what target 5 measures, not latency). Jenkins answers at once.
 */
export const endToEndLatency: Scenario = {
  id: 'e2e',
  title: 'End-to-end latency: push received → trigger received (target 3)',
  async run(ctx: BenchContext) {
    const pushes = ctx.options.quick ? 200 : 1_000;
    const stack = await BenchStack.start(ctx, {
      name: 'e2e',
      env: { JENKINS_MAX_TRIGGERS_PER_SECOND: '0' },
    });
    try {
      const app = (i: number) => `e2e${String(i).padStart(4, '0')}`;
      const chain = await writeCommitChain(stack.project, 'dev', WARMUP + pushes, (i) =>
        appFiles(app(i), `1.0.${i}`),
      );
      const service = await stack.startRoles(['ingress', 'planner', 'dispatcher']);
      const url = `${await service.url}/webhooks/gitlab`;
      const watch = new TriggerWatch(stack.jenkins);
      const latencies: number[] = [];
      const acks: number[] = [];
      let gitlabFrom = 0;
      for (let i = 0; i < WARMUP + pushes; i += 1) {
        if (i === WARMUP) {
          // The board's first look at the environments (every app's image) belongs to no push.
          await gitlabQuiet(stack.gitlab);
          gitlabFrom = stack.gitlab.requests.length;
        }
        const before = i === 0 ? chain.before : (chain.shas[i - 1] ?? '');
        const body = pushBody({ before, after: chain.shas[i] ?? '', apps: [app(i)], sizeBytes: 4_096 });
        const sent = performance.now();
        const response = await fetch(url, { method: 'POST', headers: WEBHOOK_HEADERS, body });
        const acked = performance.now();
        if (response.status !== 202) throw new Error(`push ${i} answered ${response.status}`);
        await response.arrayBuffer();
        const triggered = await watch.triggered(app(i));
        if (i < WARMUP) continue;
        latencies.push(triggered - sent);
        acks.push(acked - sent);
      }
      const e2e = summarize(latencies);
      ctx.log(`  e2e ms: ${JSON.stringify(e2e)}`);
      const p50 = ctx.results.add({
        target: '3',
        measurement: `push → trigger, ${pushes} sequential pushes, p50`,
        value: e2e.p50,
        unit: 'ms',
        goal: '≤ 20 ms',
      });
      p50.met = p50.value <= 20;
      const p99 = ctx.results.add({
        target: '3',
        measurement: 'push → trigger, p99',
        value: e2e.p99,
        unit: 'ms',
        goal: '≤ 60 ms',
        note: `p90 ${e2e.p90.toFixed(1)}, max ${e2e.max.toFixed(1)}`,
      });
      p99.met = p99.value <= 60;
      ctx.results.add({
        target: '3',
        measurement: 'push → 202 answer (sequential), p50',
        value: summarize(acks).p50,
        unit: 'ms',
      });
      const calls = gitlabCalls(stack.gitlab, gitlabFrom);
      const perPush = ctx.results.add({
        target: '6',
        measurement: 'GitLab reads per push, 1 app changed',
        value: calls.reads.total / pushes,
        unit: 'calls',
        goal: '≤ 2 + 1',
        note: describeCalls(calls.reads, pushes),
      });
      ctx.results.add({
        target: '6',
        measurement: 'GitLab writes per push (GITLAB_FEEDBACK=status, the default)',
        value: calls.writes.total / pushes,
        unit: 'calls',
        note: describeCalls(calls.writes, pushes),
      });
      perPush.met = perPush.value <= 3;
    } finally {
      await stack.stop();
    }
  },
};
