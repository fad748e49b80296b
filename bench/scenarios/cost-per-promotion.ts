import { isTerminal, promotionId } from '@auto-promote/domain';
import { PrivateRedis } from '../../test/support/private-redis';
import type { RoleProcess } from '../../test/support/role-process';
import { waitFor } from '../../test/support/wait-for';
import type { BenchContext, Scenario } from '../support/bench-context';
import { WEBHOOK_HEADERS } from '../support/bench-env';
import { BenchStack } from '../support/bench-stack';
import { appFiles, writeCommitChain, writeCommitFan } from '../support/commits';
import { drainBaseline } from '../support/drain-baseline';
import { cpuMs } from '../support/process-stats';
import { PromotionProgress } from '../support/promotion-progress';
import { pushJob, timedBurst } from '../support/push-jobs';
import { pushBody } from '../support/push-payload';
import { assertScriptCommandsCounted, totalCommands } from '../support/redis-commands';
import { commandTable, CostMeter, perPromotion, type Cost } from '../support/service-cost';
import { TriggerWatch } from '../support/trigger-watch';

const APP = 'costApp';
const STATUS_READS = 100;
/** The service left alone right before the steady phase: what it costs between promotions. */
const idleMs = (ctx: BenchContext) => (ctx.options.quick ? 10_000 : 30_000);

const idOf = (app: string, sha: string) => promotionId({ app, sourceEnv: 'dev', targetEnv: 'stage', sha });

/**
 * What one promotion costs, measured from outside one service process running all roles (the built
 * bundle, LOG_LEVEL=warn, JENKINS_MAX_TRIGGERS_PER_SECOND=0 as in the burst, GitLab feedback on as by
 * default), with Jenkins answering at once (no quiet period, builds finishing as they start):
 *
 * 1. steady: a chain of commits on dev each bumping the image tag of the same app, sent one at a time
 *    as Push Hooks to the ingress, each once the promotion of the one before has succeeded (bounded
 *    polls: the Jenkins emulator's log, then the promotions API). Over the measured pushes, per
 *    promotion: the service's CPU (/proc), the commands Redis ran (INFO commandstats, scripts'
 *    commands included), and the GitLab and Jenkins requests by endpoint (the emulators' logs).
 * 2. burst: pushes of a commit fan, one different app each, enqueued at once through the producer:
 *    promotions/s from the first enqueue to the last trigger, next to a BullMQ no-op drain on the
 *    same Redis in the same run.
 *
 * INFO commandstats counts the whole server, and the shared Redis serves other suites too (about 400
 * commands/s of them while this was written), so the scenario brings a redis-server of its own when
 * one is on PATH. Between two marks the bench's own client sends only the INFO of the first mark.
 */
export const costPerPromotion: Scenario = {
  id: 'cost',
  title: 'Cost per promotion: service CPU, Redis commands, GitLab and Jenkins requests; burst vs drain',
  async run(ctx: BenchContext) {
    const warmup = ctx.options.quick ? 5 : 10;
    const pushes = ctx.options.quick ? 50 : 300;
    const burstPushes = ctx.options.quick ? 100 : 300;
    const own = await PrivateRedis.start().catch(() => null);
    const where = own ? ' (private redis-server)' : ' (shared Redis: other clients counted too)';
    if (!own) ctx.log(`  no redis-server on PATH: counting on REDIS_URL${where}`);
    const stack = await BenchStack.start(ctx, {
      name: 'cost',
      ...(own ? { redisUrl: own.url } : {}),
      env: { LOG_LEVEL: 'warn', JENKINS_MAX_TRIGGERS_PER_SECOND: '0' },
      job: { buildDurationMs: 0 },
    });
    try {
      await assertScriptCommandsCounted(stack.redis);
      // Every commit first: the chain on a side branch (dev is moved along it push by push), the fan off
      // the seed commit (one new app each).
      await stack.project.createBranch('bench-chain', 'dev', { waitForHooks: false });
      const chain = await writeCommitChain(stack.project, 'bench-chain', warmup + pushes, (i) =>
        appFiles(APP, `1.0.${i}`),
      );
      const burstApp = (i: number) => `costBurst${i}`;
      const fan = await writeCommitFan(stack.project, stack.base, burstPushes, (i) =>
        appFiles(burstApp(i), '1.0.0'),
      );
      const { baseline } = await drainBaseline(ctx, stack, where);

      const service = await stack.startRoles(['ingress', 'planner', 'dispatcher']);
      const meter = new CostMeter(service.pid ?? 0, stack.redis, stack);
      const progress = new PromotionProgress(await service.url, stack.jenkins, stack.project);
      const steady = await steadyPhase(ctx, stack, service, progress, meter, chain, warmup, pushes);
      const burst = await burstPhase(stack, progress, meter, fan, burstApp);
      report(ctx, { pushes, burstPushes, where, baseline, steady, burst });
    } finally {
      await stack.stop();
      await own?.stop();
    }
  },
};

interface SteadyRun {
  cost: Cost;
  idle: Cost;
  /** The bench's reads of the promotions API in the phase (they cost the service too). */
  statusReads: number;
  statusRead: Cost;
  /** Service CPU per promotion over the first and the second half of the phase (warming up?). */
  halves: [number, number];
  /** Pushes the ingress answered `duplicate`: the reconciler saw dev move first and planned it. */
  duplicates: number;
}

async function steadyPhase(
  ctx: BenchContext,
  stack: BenchStack,
  service: RoleProcess,
  progress: PromotionProgress,
  meter: CostMeter,
  chain: { before: string; shas: string[] },
  warmup: number,
  pushes: number,
): Promise<SteadyRun> {
  const url = await service.url;
  const sha = (i: number) => (i < 0 ? chain.before : (chain.shas[i] ?? ''));
  let duplicates = 0;
  const promote = async (i: number): Promise<void> => {
    // As with GitLab, the branch has moved when the hook leaves (the planner compares with its head).
    await stack.project.forcePush('dev', sha(i), { waitForHooks: false });
    const body = pushBody({ before: sha(i - 1), after: sha(i), apps: [APP] });
    const response = await fetch(`${url}/webhooks/gitlab`, {
      method: 'POST',
      headers: WEBHOOK_HEADERS,
      body,
    });
    const answer = (await response.json()) as { status?: string };
    if (answer.status === 'duplicate') duplicates += 1;
    else if (response.status !== 202) throw new Error(`push ${i} answered ${response.status}`);
    const id = idOf(APP, sha(i));
    // The dispatcher's last Jenkins call (the finished build) is free to watch; the API is asked after it.
    await waitFor(`the result of ${id} to be read`, () => progress.buildResultRead(id), {
      timeoutMs: 30_000,
      intervalMs: 10,
    });
    const ended = await waitFor(
      `${id} to end`,
      async () => {
        const current = await progress.status(id);
        return current !== undefined && isTerminal(current) ? current : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 5 },
    );
    if (ended !== 'succeeded') throw new Error(`promotion ${id} ended ${ended}`);
  };

  for (let i = 0; i < warmup; i += 1) await promote(i);
  await progress.feedbackPosted([sha(warmup - 1)]);
  const idle = await meter.measure(() => new Promise((resolve) => setTimeout(resolve, idleMs(ctx))));
  const builds = progress.builds;
  const reads = progress.reads;
  const mark = await meter.mark();
  const half = Math.floor(pushes / 2);
  let halfway = mark.cpuMs;
  for (let i = 0; i < pushes; i += 1) {
    if (i === half) halfway = await cpuMs(service.pid ?? 0);
    await promote(warmup + i);
  }
  // The window closes once the last promotion's feedback is in GitLab: every push's work is in it.
  await progress.feedbackPosted([sha(warmup + pushes - 1)]);
  const cost = await meter.since(mark);
  const measured = chain.shas.slice(warmup, warmup + pushes).map((after) => idOf(APP, after));
  progress.assertOneBuildEach(builds, measured);
  const statusReads = progress.reads - reads;
  const lastId = measured[measured.length - 1] ?? '';
  const statusRead = await meter.measure(async () => {
    for (let k = 0; k < STATUS_READS; k += 1) await progress.status(lastId);
  });
  const halves: [number, number] = [
    (halfway - mark.cpuMs) / half,
    (mark.cpuMs + cost.cpuMs - halfway) / (pushes - half),
  ];
  ctx.log(
    `  steady: ${pushes} promotions in ${cost.seconds.toFixed(1)} s, CPU per promotion ` +
      `${halves.map((h) => h.toFixed(1)).join(' then ')} ms; top Redis commands per promotion:`,
  );
  ctx.log(commandTable(cost, pushes));
  return { cost, idle, statusReads, statusRead, halves, duplicates };
}

interface BurstRun {
  seconds: number;
  enqueueSeconds: number;
  /** From the first enqueue until every push's feedback was in GitLab (the producer's commands in it). */
  cost: Cost;
}

async function burstPhase(
  stack: BenchStack,
  progress: PromotionProgress,
  meter: CostMeter,
  fan: readonly string[],
  app: (i: number) => string,
): Promise<BurstRun> {
  const watch = new TriggerWatch(stack.jenkins);
  const producer = await stack.producer();
  const jobs = fan.map((after) => pushJob(stack.project.id, stack.base, after));
  const builds = progress.builds;
  const mark = await meter.mark();
  const { seconds, enqueueSeconds } = await timedBurst(producer, jobs, watch, fan.length, 300_000);
  await progress.feedbackPosted(fan, 120_000);
  const cost = await meter.since(mark);
  progress.assertOneBuildEach(
    builds,
    fan.map((after, i) => idOf(app(i), after)),
  );
  return { seconds, enqueueSeconds, cost };
}

function report(
  ctx: BenchContext,
  run: {
    pushes: number;
    burstPushes: number;
    where: string;
    baseline: { name: string; value: number };
    steady: SteadyRun;
    burst: BurstRun;
  },
): void {
  const { pushes, steady, burst } = run;
  const per = perPromotion(steady.cost, pushes);
  const idleSeconds = steady.idle.seconds;
  const idleCpu = `idle ${(steady.idle.cpuMs / idleSeconds).toFixed(2)} ms/s`;
  const idleCommands = `idle ${(totalCommands(steady.idle.commands) / idleSeconds).toFixed(1)}/s`;
  const readsPer = steady.statusReads / pushes;
  const readCpu = steady.statusRead.cpuMs / STATUS_READS;
  const readCommands = totalCommands(steady.statusRead.commands) / STATUS_READS;
  const window = `${(steady.cost.seconds / pushes).toFixed(2)} s per promotion`;
  const bench = `the bench's ${readsPer.toFixed(2)} API status reads per promotion included`;
  const duplicates =
    steady.duplicates > 0 ? `; ${steady.duplicates} pushes planned by the reconciler first` : '';
  ctx.results.add(
    {
      target: 'cost',
      measurement: `service CPU per promotion, ${pushes} sequential pushes of one app, all roles in one process`,
      value: per.cpuMs,
      unit: 'ms',
      goal: '≤ 6 ms',
      note: `${window}; system ${per.systemMs.toFixed(1)} of it; first half ${steady.halves[0].toFixed(1)}, second ${steady.halves[1].toFixed(1)}; ${idleCpu}; ${bench} (${readCpu.toFixed(2)} ms each)${duplicates}`,
    },
    (row) => row.value <= 6,
  );
  ctx.results.add(
    {
      target: 'cost',
      measurement: `Redis commands per promotion, INFO commandstats, scripts' commands included${run.where}`,
      value: per.commands,
      unit: 'commands',
      goal: '≤ 100',
      note: `${per.topCommands}; ${idleCommands}; ${bench} (${readCommands.toFixed(1)} each); 1 INFO of the bench`,
    },
    (row) => row.value <= 100,
  );
  ctx.results.add(
    {
      target: 'cost',
      measurement: 'GitLab requests per promotion (GITLAB_FEEDBACK=status, the default)',
      value: per.gitlabRequests,
      unit: 'requests',
      goal: '≤ 3',
      note: per.gitlabNote,
    },
    (row) => row.value <= 3,
  );
  ctx.results.add({
    target: 'cost',
    measurement: 'Jenkins requests per promotion (build finishing at once)',
    value: per.jenkinsRequests,
    unit: 'requests',
    goal: 'report (today 3)',
    note: per.jenkinsNote,
  });
  const rate = ctx.results.add(
    {
      target: 'cost',
      measurement: `burst: ${run.burstPushes} pushes × 1 app enqueued at once, to the last trigger`,
      value: run.burstPushes / burst.seconds,
      unit: 'promotions/s',
      baseline: run.baseline,
      goal: '≥ 0.015× drain',
      note: `${burst.seconds.toFixed(2)} s, enqueued in ${burst.enqueueSeconds.toFixed(2)} s`,
    },
    (row) => (row.ratio ?? 0) >= 0.015,
  );
  const inBurst = perPromotion(burst.cost, run.burstPushes);
  ctx.results.add({
    target: 'cost',
    measurement: 'burst: service CPU per promotion, enqueue → every feedback posted',
    value: inBurst.cpuMs,
    unit: 'ms',
    note: `${burst.cost.seconds.toFixed(1)} s; GitLab ${inBurst.gitlabRequests.toFixed(2)}, Jenkins ${inBurst.jenkinsRequests.toFixed(2)} requests per promotion`,
  });
  ctx.results.add({
    target: 'cost',
    measurement: "burst: Redis commands per promotion (the bench producer's enqueue included)",
    value: inBurst.commands,
    unit: 'commands',
    note: inBurst.topCommands,
  });
  ctx.log(
    `  burst: ${Math.round(rate.value)} promotions/s (${(rate.ratio ?? 0).toFixed(4)}× drain); ` +
      `${inBurst.cpuMs.toFixed(2)} ms CPU, ${inBurst.commands.toFixed(1)} Redis commands per promotion`,
  );
}
