import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PrivateRedisServer } from '@auto-promote/sandbox';
import { postWebhook } from '../support/stack';
import { waitFor } from '../support/wait-for';
import { CpuHog } from './support/cpu-hog';
import { FaultStack, RoleProcess } from './support/fault-stack';
import { ResultsTable } from './support/results-table';

/**
 * Nothing lost, nothing doubled: each scenario pushes apps to dev while something fails, then counts
 * the builds Jenkins started per app. Every app a push changed must be built exactly once — with the
 * machine to itself, and again beside a busy loop pinned to one core (CPU contention).
 */
const table = new ResultsTable();
const ALL = ['ingress', 'planner', 'dispatcher'] as const;
const hog = new CpuHog();
afterEach(() => hog.stop()); // also after a scenario that failed or timed out

afterAll(() => {
  table.write();
  process.stdout.write(`\nFault-injection results\n\n${table.markdown()}\n\n`);
});

type RecordRow = (name: string, stack: FaultStack, started: number, settleMs: number) => Promise<void>;

/**
 * Registers a scenario twice (unless `hogs` says otherwise): on its own, then beside the CPU hog (started
 * before it, killed after it).
 * `record` settles the stack, adds the row and requires nothing lost and nothing doubled.
 */
function scenario(
  title: string,
  run: (run: { record: RecordRow }) => Promise<void>,
  hogs: readonly boolean[] = [false, true],
): void {
  for (const cpuHog of hogs) {
    it(`${title} — CPU hog: ${cpuHog ? 'yes' : 'no'}`, async () => {
      if (cpuHog) await hog.start();
      await run({ record: (...args) => settleAndRecord(cpuHog, ...args) });
    });
  }
}

async function settleAndRecord(
  cpuHog: boolean,
  name: string,
  stack: FaultStack,
  started: number,
  settleMs: number,
): Promise<void> {
  const result = await stack.settle(settleMs);
  table.add({
    scenario: name,
    cpuHog,
    events: stack.pushes,
    expected: stack.expectedApps.size,
    ...result,
    seconds: (Date.now() - started) / 1000,
  });
  expect({ lost: result.lost, duplicated: result.duplicated }).toEqual({ lost: 0, duplicated: 0 });
}

const elapsed = (since: number, ms: number) =>
  waitFor(`${ms} ms to pass`, () => Date.now() - since >= ms, { timeoutMs: ms + 5_000, intervalMs: 100 });

/** Deterministic shuffle (mulberry32), so a failing order can be replayed. */
function shuffle<T>(items: T[], seed: number): T[] {
  let a = seed;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('fault injection', () => {
  scenario('Jenkins down 30 s while 200 pushes × 3 apps arrive', async ({ record }) => {
    const stack = await new FaultStack({
      name: 'jenkins-down',
      inProcess: [...ALL],
      env: { JENKINS_MAX_TRIGGERS_PER_SECOND: '100' },
    }).start();
    try {
      const started = Date.now();
      stack.jenkins.faults.set({ mode: 'down' });
      for (let i = 0; i < 200; i += 1) await stack.pushApps(3);
      await elapsed(started, 30_000);
      stack.jenkins.faults.reset();
      await record('Jenkins down 30 s, 200 pushes × 3 apps', stack, started, 120_000);
    } finally {
      await stack.stop();
    }
  });

  scenario('Jenkins flaky (half of requests 502) and slow (2 s answers)', async ({ record }) => {
    const stack = await new FaultStack({ name: 'flaky', inProcess: [...ALL] }).start();
    try {
      const started = Date.now();
      stack.jenkins.faults.set({ flakyRate: 0.5, delayMs: 2_000 });
      for (let i = 0; i < 10; i += 1) await stack.pushApps(3);
      await record('Jenkins flaky 50 % 502 and slow 2 s, 10 pushes × 3 apps', stack, started, 200_000);
    } finally {
      await stack.stop();
    }
  });

  scenario('the dispatcher SIGKILLed 5× under load, right after Jenkins accepted', async ({ record }) => {
    const stack = await new FaultStack({
      name: 'dispatcher-kill',
      inProcess: ['ingress', 'planner'],
      env: { JENKINS_MAX_TRIGGERS_PER_SECOND: '20' },
    }).start();
    const dispatcher = new RoleProcess(['dispatcher'], stack.env);
    try {
      await dispatcher.start();
      const started = Date.now();
      const killAt = new Set([10, 40, 70, 100, 130]);
      let accepted = 0;
      let kills = 0;
      let restarting: Promise<void> = Promise.resolve();
      // Killed inside Jenkins' handler: the trigger is queued, but the dispatcher never hears the 201.
      stack.jenkins.onTriggerAccepted = () => {
        accepted += 1;
        if (!killAt.has(accepted)) return;
        dispatcher.killNow();
        kills += 1;
        restarting = restarting.then(async () => {
          await new Promise((resolve) => setTimeout(resolve, 300));
          await dispatcher.start();
        });
      };
      for (let i = 0; i < 60; i += 1) await stack.pushApps(3);
      await waitFor('5 kills', () => kills === 5, { timeoutMs: 120_000, intervalMs: 100 });
      await restarting;
      await record('dispatcher SIGKILLed 5× (incl. right after Jenkins accepted)', stack, started, 180_000);
    } finally {
      await dispatcher.stop();
      await stack.stop();
    }
  });

  scenario(
    'replicas of every role, one of each SIGKILLed and restarted under load',
    async ({ record }) => {
      // Every push is delivered to both ingresses at once (two hooks): the replicas race for each event.
      const stack = await new FaultStack({
        name: 'replicas',
        inProcess: [],
        env: { JENKINS_MAX_TRIGGERS_PER_SECOND: '50' },
      }).start();
      const ingresses = [1, 2].map(() => new RoleProcess(['ingress'], stack.env));
      const planners = [1, 2].map(() => new RoleProcess(['planner'], stack.env));
      const dispatchers = [1, 2, 3].map(() => new RoleProcess(['dispatcher'], stack.env));
      const all = [...ingresses, ...planners, ...dispatchers];
      try {
        await Promise.all(all.map((p) => p.start()));
        for (const ingress of ingresses) stack.addHook(`${await ingress.url}/webhooks/gitlab`);
        const started = Date.now();
        let accepted = 0;
        let restarting: Promise<void> = Promise.resolve();
        const restart = (role: RoleProcess) => {
          role.killNow();
          restarting = restarting.then(async () => {
            await new Promise((resolve) => setTimeout(resolve, 300));
            await role.start();
          });
        };
        // A dispatcher killed just as Jenkins accepts a trigger, round the replicas.
        const killAt = [10, 35, 60];
        stack.jenkins.onTriggerAccepted = () => {
          accepted += 1;
          const k = killAt.indexOf(accepted);
          if (k >= 0) restart(dispatchers[k % dispatchers.length]!);
        };
        for (let i = 0; i < 30; i += 1) {
          if (i === 8) restart(planners[0]!);
          if (i === 14) restart(ingresses[1]!);
          if (i === 20) restart(planners[1]!);
          await stack.pushApps(3);
        }
        await waitFor('the kills to be over', () => accepted >= killAt.at(-1)!, {
          timeoutMs: 120_000,
          intervalMs: 100,
        });
        await restarting;
        await record(
          '2 ingresses, 2 planners, 3 dispatchers; one of each SIGKILLed',
          stack,
          started,
          120_000,
        );
      } finally {
        await Promise.all(all.map((p) => p.stop()));
        await stack.stop();
      }
      // Only beside the CPU hog: a killed dispatcher's jobs wait out BullMQ's 30 s lock, so each run takes
      // over a minute, and the contended run is the stronger of the two.
    },
    [true],
  );

  scenario('a private AOF redis-server restarted twice during load', async ({ record }) => {
    const redis = await PrivateRedisServer.start({ args: ['--save', '', '--appendonly', 'yes'] });
    const stack = await new FaultStack({
      name: 'redis-restart',
      redisUrl: redis.url,
      inProcess: [...ALL],
      env: { RECONCILE_INTERVAL: '1s' },
    }).start();
    try {
      await waitFor('the reconciler to record the heads', () =>
        stack.redis.get(`${stack.prefix}:planned-head:dev`),
      );
      const started = Date.now();
      for (let i = 0; i < 60; i += 1) {
        if (i === 20 || i === 40) {
          await redis.kill();
          await new Promise((resolve) => setTimeout(resolve, 500));
          await redis.resume();
        }
        await stack.pushApps(3);
      }
      await record('AOF Redis SIGKILLed and restarted 2×, 60 pushes × 3 apps', stack, started, 120_000);
    } finally {
      await stack.stop();
      await redis.stop();
    }
  });

  scenario('the ingress down while 10 merges happen: the reconciler promotes them', async ({ record }) => {
    const stack = await new FaultStack({
      name: 'ingress-down',
      inProcess: ['planner', 'dispatcher'],
      env: { RECONCILE_INTERVAL: '1s' },
    }).start();
    const ingress = new RoleProcess(['ingress'], stack.env);
    try {
      await ingress.start();
      stack.addHook(`${await ingress.url}/webhooks/gitlab`);
      await waitFor('the reconciler to record the heads', () =>
        stack.redis.get(`${stack.prefix}:planned-head:dev`),
      );
      const started = Date.now();
      for (let i = 0; i < 3; i += 1) await stack.pushApps(3);
      ingress.killNow();
      for (let i = 0; i < 10; i += 1) await stack.pushApps(3);
      const failed = stack.gitlab.hookDeliveries.filter((d) => !d.ok).length;
      expect(failed + stack.gitlab.skippedDeliveries.length).toBeGreaterThanOrEqual(10);
      await ingress.start();
      await record('ingress down during 10 of 13 merges (reconciler)', stack, started, 60_000);
    } finally {
      await ingress.stop();
      await stack.stop();
    }
  });

  scenario('redelivery storm: every event delivered 5×, in random order', async ({ record }) => {
    const stack = await new FaultStack({ name: 'storm', inProcess: [...ALL], hook: false }).start();
    try {
      const started = Date.now();
      const payloads: unknown[] = [];
      for (let i = 0; i < 50; i += 1) {
        const before = stack.project.branchHead('dev')!;
        const after = await stack.pushApps(3);
        payloads.push(
          await stack.gitlab.buildPushPayload(stack.project, { ref: 'refs/heads/dev', before, after }),
        );
      }
      const deliveries = shuffle(
        payloads.flatMap((p) => [p, p, p, p, p]),
        42,
      );
      const url = stack.service!.url!;
      const statuses: number[] = [];
      for (let i = 0; i < deliveries.length; i += 10) {
        const batch = deliveries.slice(i, i + 10).map((p) => postWebhook(url, p));
        statuses.push(...(await Promise.all(batch)).map((r) => r.status));
      }
      expect(statuses.filter((s) => s === 202)).toHaveLength(50);
      expect(statuses.filter((s) => s === 200)).toHaveLength(200);
      await record('redelivery storm: 50 events × 5 deliveries, shuffled', stack, started, 60_000);
    } finally {
      await stack.stop();
    }
  });
});
