import { loadConfig } from '@auto-promote/config';
import { createLogger } from '@auto-promote/observability';
import { QUEUE_NAMES } from '@auto-promote/queues';
import { TERMINAL_STATUSES } from '@auto-promote/records';
import { startService, type RunningService } from '@auto-promote/runtime';
import type { BenchContext, Scenario } from '../support/bench-context';
import { BenchStack } from '../support/bench-stack';
import { appFiles, writeCommitFan, type CommitFiles } from '../support/commits';
import { shortenJobRetention } from '../support/job-retention';
import { enqueueAll, pushJob } from '../support/push-jobs';
import { bytesOf, prefixMemory } from '../support/redis-memory';

const RETENTION_SECONDS = 10;
const PUSHES = 50;
const APPS_PER_PUSH = 3;

/**
 * Kinds bounded otherwise than by the retention: accepted-event markers by their 30-day TTL (the dedupe
 * window), "latest" pointers by the number of apps, BullMQ's event streams by their length cap (10,000).
 */
const NOT_RETENTION = (kind: string) =>
  kind === 'event-accepted:*' || kind.startsWith('latest:') || kind.endsWith(':events');

/**
 * Target 7, retention: all roles in this process with RECORD_RETENTION_DAYS and the completed-job
 * retention scaled down to 10 s (the same code paths; the configuration's unit is a day). A first batch
 * of 50 pushes × 3 apps runs to the end; once it is older than the retention a second batch runs. The
 * first batch's records, event records, index entries and completed jobs must be gone, and Redis must
 * hold about what one batch needs; what other bounds govern (see NOT_RETENTION) is reported apart.
 */
export const retention: Scenario = {
  id: 'retention',
  title: 'Retention keeps Redis bounded (target 7)',
  async run(ctx: BenchContext) {
    const stack = await BenchStack.start(ctx, {
      name: 'retention',
      env: { JENKINS_MAX_TRIGGERS_PER_SECOND: '0', JENKINS_POLL_INTERVAL_MS: '100', PORT: '0' },
    });
    const restoreJobOptions = shortenJobRetention(RETENTION_SECONDS);
    let service: RunningService | null = null;
    try {
      const config = loadConfig({ env: stack.env });
      service = await startService(
        { ...config, retention: { ...config.retention, recordDays: RETENTION_SECONDS / 86_400 } },
        {
          roles: ['ingress', 'planner', 'dispatcher'],
          http: false,
          logger: createLogger({ level: 'silent' }),
        },
      );
      const { promotions, events } = stack.infra;
      const producer = await stack.producer();
      const batch = async (name: string) => {
        const fan = await writeCommitFan(stack.project, stack.base, PUSHES, (i) => {
          const files: CommitFiles = {};
          for (let k = 0; k < APPS_PER_PUSH; k += 1)
            Object.assign(files, appFiles(`${name}${i}${'abc'[k]}`, '1.0.0'));
          return files;
        });
        const jobs = fan.map((after) => pushJob(stack.project.id, stack.base, after));
        const ids = fan.flatMap((after, i) =>
          Array.from({ length: APPS_PER_PUSH }, (_, k) => `${name}${i}${'abc'[k]}~dev~stage~${after}`),
        );
        await enqueueAll(producer, jobs);
        const deadline = Date.now() + 60_000;
        for (;;) {
          const records = await Promise.all(ids.map((id) => promotions.get(id)));
          if (records.every((r) => r && TERMINAL_STATUSES.includes(r.status))) break;
          if (Date.now() > deadline) throw new Error(`batch ${name} did not finish in 60 s`);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        return { events: jobs.map((j) => j.eventId), promotions: ids };
      };

      const first = await batch('old');
      const afterFirst = await prefixMemory(stack.redis, stack.prefix);
      await new Promise((resolve) => setTimeout(resolve, (RETENTION_SECONDS + 2) * 1000));
      await batch('new');
      const afterSecond = await prefixMemory(stack.redis, stack.prefix);

      const queues = [QUEUE_NAMES.pushEvents, QUEUE_NAMES.promotions].map((name) => stack.infra.queue(name));
      const [pushQueue, promotionQueue] = queues;
      const left = {
        records: (await Promise.all(first.promotions.map((id) => promotions.get(id)))).filter(Boolean).length,
        events: (await Promise.all(first.events.map((id) => events.get(id)))).filter(Boolean).length,
        indexed: (
          await Promise.all(
            first.promotions.map((id) => stack.redis.zscore(`${stack.prefix}:promotions:idx:all`, id)),
          )
        ).filter((s) => s !== null).length,
        jobs: (
          await Promise.all([
            ...first.events.map((id) => pushQueue?.getJob(id)),
            ...first.promotions.map((id) => promotionQueue?.getJob(id)),
          ])
        ).filter(Boolean).length,
      };
      ctx.log(`  first batch left after the retention: ${JSON.stringify(left)}`);
      const governed = (m: typeof afterFirst) => m.bytes - bytesOf(m, NOT_RETENTION);
      const grew = Object.entries(afterSecond.byKind)
        .map(([kind, bytes]) => [kind, bytes - (afterFirst.byKind[kind] ?? 0)] as const)
        .filter(([, delta]) => Math.abs(delta) > 4_096)
        .map(([kind, delta]) => `${kind} ${delta > 0 ? '+' : ''}${Math.round(delta / 1024)} KB`);
      ctx.log(`  change from the first batch to the second: ${grew.join(', ')}`);
      ctx.log(
        `  retention-governed bytes: ${Math.round(governed(afterFirst) / 1024)} KB after one batch, ${Math.round(governed(afterSecond) / 1024)} KB after the next`,
      );
      const gone = ctx.results.add({
        target: '7',
        measurement: `retention ${RETENTION_SECONDS} s: first batch's records, events, index entries, jobs left`,
        value: left.records + left.events + left.indexed + left.jobs,
        unit: '',
        goal: '0',
        note: `of ${first.promotions.length} records, ${first.events.length} events, ${first.events.length + 2 * first.promotions.length} jobs`,
      });
      gone.met = gone.value === 0;
      const bounded = ctx.results.add({
        target: '7',
        measurement: 'Redis after a second batch vs after the first (retention-governed keys)',
        value: governed(afterSecond) / 1024,
        unit: 'KB',
        baseline: { name: 'after the first', value: governed(afterFirst) / 1024 },
        goal: '≈ 1× (bounded)',
        note: `apart: ${Math.round(bytesOf(afterSecond, NOT_RETENTION) / 1024)} KB of markers (30-day TTL), latest pointers (one per app), event streams (≤ 10,000 entries)`,
      });
      bounded.met = (bounded.ratio ?? Infinity) <= 1.25;
    } finally {
      await service?.close(5_000);
      restoreJobOptions();
      await stack.stop();
    }
  },
};
