import { TERMINAL_STATUSES } from '@auto-promote/records';
import type { BenchContext, Scenario } from '../support/bench-context';
import { BenchStack } from '../support/bench-stack';
import { appFiles, writeCommitFan, type CommitFiles } from '../support/commits';
import { enqueueAll, pushJob } from '../support/push-jobs';
import { bytesOf, prefixMemory, type PrefixMemory } from '../support/redis-memory';

const QUEUED = 1_000;
const PROMOTED_PUSHES = 100;
const APPS_PER_PUSH = 3;

function top(memory: PrefixMemory, count: number): string {
  return Object.entries(memory.byKind)
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([kind, bytes]) => `${kind} ${Math.round(bytes / 1024)} KB`)
    .join(', ');
}

/**
 * Target 7, Redis: bytes per queued push (1,000 pushes accepted while no planner runs: job, queue
 * entries, the accepted marker, BullMQ's event stream) and per retained promotion once everything is
 * done (100 pushes × 3 apps planned, triggered and followed to success): the record with its index
 * entries, and everything the prefix holds divided by the promotions (completed jobs kept for their
 * retention, event records, markers). MEMORY USAGE of every key under the run's prefix.
 */
export const redisFootprint: Scenario = {
  id: 'redis',
  title: 'Redis bytes per queued push and per retained promotion (target 7)',
  async run(ctx: BenchContext) {
    const stack = await BenchStack.start(ctx, {
      name: 'redis',
      env: { JENKINS_MAX_TRIGGERS_PER_SECOND: '0', JENKINS_POLL_INTERVAL_MS: '100' },
    });
    try {
      const fan = await writeCommitFan(stack.project, stack.base, QUEUED, (i) =>
        appFiles(`queued${i}`, '1.0.0'),
      );
      await enqueueAll(
        await stack.producer(),
        fan.map((after) => pushJob(stack.project.id, stack.base, after)),
      );
      const queued = await prefixMemory(stack.redis, stack.prefix);
      ctx.log(`  ${QUEUED} queued pushes: ${queued.keys} keys; ${top(queued, 6)}`);
      const perPush = ctx.results.add({
        target: '7',
        measurement: `Redis bytes per queued push (${QUEUED} pushes, no planner)`,
        value: queued.bytes / QUEUED,
        unit: 'B',
        goal: '≤ 1.5 KB',
        note: `job hash ${Math.round(bytesOf(queued, (k) => k === 'push-events:*') / QUEUED)} B`,
      });
      perPush.met = perPush.value <= 1_536;

      const prefix = stack.newPrefix('promoted');
      const promoted = await writeCommitFan(stack.project, stack.base, PROMOTED_PUSHES, (i) => {
        const files: CommitFiles = {};
        for (let k = 0; k < APPS_PER_PUSH; k += 1)
          Object.assign(files, appFiles(`kept${i}${'abc'[k]}`, '1.0.0'));
        return files;
      });
      await stack.startRoles(['ingress', 'planner', 'dispatcher'], { QUEUE_PREFIX: prefix });
      await enqueueAll(
        await stack.producer(prefix),
        promoted.map((after) => pushJob(stack.project.id, stack.base, after)),
      );
      const store = stack.infraOf(prefix).promotions;
      const ids = promoted.flatMap((after, i) =>
        Array.from({ length: APPS_PER_PUSH }, (_, k) => `kept${i}${'abc'[k]}~dev~stage~${after}`),
      );
      const deadline = Date.now() + 120_000;
      for (;;) {
        const records = await Promise.all(ids.map((id) => store.get(id)));
        if (records.every((r) => r && TERMINAL_STATUSES.includes(r.status))) break;
        if (Date.now() > deadline) throw new Error('the promotions did not all finish in 120 s');
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      await stack.stopRoles();
      const retained = await prefixMemory(stack.redis, prefix);
      const count = ids.length;
      const record = bytesOf(retained, (k) => k === 'promotion:*' || k.startsWith('promotions:idx'));
      ctx.log(`  ${count} finished promotions: ${retained.keys} keys; ${top(retained, 8)}`);
      const perRecord = ctx.results.add({
        target: '7',
        measurement: 'Redis bytes per retained promotion record (record + index entries)',
        value: record / count,
        unit: 'B',
        goal: '≤ 2 KB',
      });
      perRecord.met = perRecord.value <= 2_048;
      ctx.results.add({
        target: '7',
        measurement: 'Redis bytes per finished promotion, everything retained',
        value: retained.bytes / count,
        unit: 'B',
        note: 'records, completed jobs of 3 queues, event records, markers, streams',
      });
    } finally {
      await stack.stop();
    }
  },
};
