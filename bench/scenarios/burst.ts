import { performance } from 'node:perf_hooks';
import { describeCalls, gitlabCalls } from '../support/api-calls';
import type { BenchContext, Scenario } from '../support/bench-context';
import { BenchStack } from '../support/bench-stack';
import { appFiles, writeCommitFan, type CommitFiles } from '../support/commits';
import { drainBaseline } from '../support/drain-baseline';
import { pushJob, timedBurst } from '../support/push-jobs';
import { cpuMs, heapMb, rssMb } from '../support/process-stats';
import type { RoleProcess } from '../../test/support/role-process';
import { TriggerWatch } from '../support/trigger-watch';

const APPS_PER_PUSH = 3;

interface BurstRun {
  triggersPerSecond: number;
  seconds: number;
  enqueueSeconds: number;
  gitlabReadsPerPush: number;
  gitlabNote: string;
  rss: Array<{ name: string; mb: number; heap: { used: number; total: number } }>;
}

/**
 * Target 4 (and parts of 6 and 7): 5,000 pushes × 3 apps enqueued at once through the producer, rate
 * limiting off (JENKINS_MAX_TRIGGERS_PER_SECOND=0), until the Jenkins emulator has accepted every
 * trigger. First all roles in one process, then ingress+planner in one and two dispatcher processes,
 * then a fifth of the burst in one process without the image's V8 heap limits (what they buy in RSS).
 *
 * Each push is `base..fan[i]`, where fan[i] is a commit directly on the seed commit adding three new
 * apps: 5,000 real commits written by one git fast-import in a few seconds, small trees, and every
 * compare and file read is answered by the GitLab emulator from git like any other. Pushes that share
 * commits would share promotion ids (app, target, sha) and collapse into far fewer triggers.
 */
export const burst: Scenario = {
  id: 'burst',
  title: 'Burst throughput: 5,000 pushes × 3 apps (target 4)',
  async run(ctx: BenchContext) {
    const pushes = ctx.options.quick ? 1_000 : 5_000;
    const stack = await BenchStack.start(ctx, {
      name: 'burst',
      env: { JENKINS_MAX_TRIGGERS_PER_SECOND: '0' },
    });
    try {
      const app = (i: number, k: number) => `burst${i}${'abc'[k]}`;
      const t0 = performance.now();
      const fan = await writeCommitFan(stack.project, stack.base, pushes, (i) => {
        const files: CommitFiles = {};
        for (let k = 0; k < APPS_PER_PUSH; k += 1) Object.assign(files, appFiles(app(i, k), `1.0.${i}`));
        return files;
      });
      ctx.log(`  ${pushes} commits written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

      const { drain, baseline } = await drainBaseline(ctx, stack);
      ctx.results.add({
        target: 'base',
        measurement: 'BullMQ add → pickup, p50',
        value: drain.pickupMs.p50,
        unit: 'ms',
        note: `p99 ${drain.pickupMs.p99.toFixed(2)}`,
        goal: 'reference 0.5 ms',
      });

      const one = await run(ctx, stack, fan, app, stack.prefix, async () => [
        await stack.startRoles(['ingress', 'planner', 'dispatcher']),
      ]);
      await stack.stopRoles();
      const two = await run(ctx, stack, fan, app, stack.newPrefix('two'), async (prefix) => {
        const env = { QUEUE_PREFIX: prefix };
        return Promise.all([
          stack.startRoles(['ingress', 'planner'], env),
          stack.startRoles(['dispatcher'], env),
          stack.startRoles(['dispatcher'], env),
        ]);
      });
      await stack.stopRoles();
      // The same as the first run, a fifth of it, without the image's heap limits: what they buy.
      const unlimited = await run(
        ctx,
        stack,
        fan.slice(0, pushes / 5),
        app,
        stack.newPrefix('no-heap-limits'),
        async (prefix) => [
          await stack.startRoles(['ingress', 'planner', 'dispatcher'], {
            QUEUE_PREFIX: prefix,
            NODE_OPTIONS: '',
          }),
        ],
      );

      const main = ctx.results.add({
        target: '4',
        measurement: `burst ${pushes} pushes × 3 apps, all roles in one process`,
        value: one.triggersPerSecond,
        unit: 'triggers/s',
        baseline,
        goal: '≥ 2,000 triggers/s',
        note: `${one.seconds.toFixed(1)} s, enqueued in ${one.enqueueSeconds.toFixed(1)} s`,
      });
      main.met = main.value >= 2_000;
      ctx.results.add({
        target: '4',
        measurement: 'burst, ingress+planner process + 2 dispatcher processes',
        value: two.triggersPerSecond,
        unit: 'triggers/s',
        baseline,
        note: `${two.seconds.toFixed(1)} s`,
      });
      const calls = ctx.results.add({
        target: '6',
        measurement: 'GitLab reads per push during the burst, 3 apps changed',
        value: one.gitlabReadsPerPush,
        unit: 'calls',
        goal: '≤ 2 + 3',
        note: one.gitlabNote,
      });
      calls.met = calls.value <= 5;
      for (const { name, mb, heap } of [...one.rss, ...two.rss]) {
        const row = ctx.results.add({
          target: '7',
          measurement: `RSS after the burst: ${name}`,
          value: mb,
          unit: 'MB',
          goal: '≤ 150 MB',
          note: `V8 heap ${Math.round(heap.used)} MB used of ${Math.round(heap.total)} MB`,
        });
        row.met = mb <= 150;
      }
      for (const { name, mb, heap } of unlimited.rss) {
        ctx.results.add({
          target: '7',
          measurement: `RSS after a ${pushes / 5}-push burst without the image's NODE_OPTIONS (no heap limits): ${name}`,
          value: mb,
          unit: 'MB',
          note: `heap ${Math.round(heap.used)}/${Math.round(heap.total)} MB; ${Math.round(unlimited.triggersPerSecond)} triggers/s`,
        });
      }
    } finally {
      await stack.stop();
    }
  },
};

async function run(
  ctx: BenchContext,
  stack: BenchStack,
  fan: readonly string[],
  app: (i: number, k: number) => string,
  prefix: string,
  start: (prefix: string) => Promise<RoleProcess[]>,
): Promise<BurstRun> {
  const processes = await start(prefix);
  const watch = new TriggerWatch(stack.jenkins);
  const producer = await stack.producer(prefix);
  const expected = fan.length * APPS_PER_PUSH;
  const gitlabFrom = stack.gitlab.requests.length;
  const jobs = fan.map((after) => pushJob(stack.project.id, stack.base, after));
  const cpuBefore = await Promise.all(processes.map((p) => cpuMs(p.pid ?? 0)));
  const benchCpuBefore = process.cpuUsage();
  const { seconds, enqueueSeconds } = await timedBurst(producer, jobs, watch, expected);
  const cpu = await Promise.all(
    processes.map(async (p, i) => (await cpuMs(p.pid ?? 0)) - (cpuBefore[i] ?? 0)),
  );
  const benchCpu = process.cpuUsage(benchCpuBefore);
  ctx.log(
    `  CPU during the burst: ${processes.map((p, i) => `${p.name} ${((cpu[i] ?? 0) / 1000).toFixed(1)} s`).join(', ')}, bench process (emulators) ${((benchCpu.user + benchCpu.system) / 1e6).toFixed(1)} s`,
  );
  const rss = await Promise.all(
    processes.map(async (p) => ({
      name: p.name,
      mb: await rssMb(p.pid ?? 0),
      heap: await heapMb(await p.url),
    })),
  );
  ctx.log(
    `  memory after the burst: ${rss.map((r) => `${r.name} RSS ${Math.round(r.mb)} MB, heap ${Math.round(r.heap.used)}/${Math.round(r.heap.total)} MB`).join('; ')}`,
  );
  const calls = gitlabCalls(stack.gitlab, gitlabFrom);
  ctx.log(
    `  ${expected} triggers in ${seconds.toFixed(1)} s: ${Math.round(expected / seconds)}/s; reads ${describeCalls(calls.reads, fan.length)}; writes ${describeCalls(calls.writes, fan.length)}`,
  );
  if (watch.firstAt.size !== expected || !fan.every((_, i) => watch.firstAt.has(app(i, 0)))) {
    throw new Error(`expected ${expected} distinct apps triggered, saw ${watch.firstAt.size}`);
  }
  return {
    triggersPerSecond: expected / seconds,
    seconds,
    enqueueSeconds,
    gitlabReadsPerPush: calls.reads.total / fan.length,
    gitlabNote: describeCalls(calls.reads, fan.length),
    rss,
  };
}
