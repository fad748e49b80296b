import { TERMINAL_STATUSES } from '@auto-promote/records';
import { jenkinsCalls } from '../support/api-calls';
import type { BenchContext, Scenario } from '../support/bench-context';
import { BenchStack } from '../support/bench-stack';
import { appFiles, writeCommitFan, type CommitFiles } from '../support/commits';
import { pollSchedule } from '../support/poll-schedule';
import { enqueueAll, pushJob } from '../support/push-jobs';

const APPS = 5;
const POLL_INTERVAL_MS = 2_000; // JENKINS_POLL_INTERVAL_MS's default

/**
 * Target 6, Jenkins: calls per promotion for a build lasting 5 minutes, from the dispatcher's poll
 * schedule, validated by measuring a 30 s build (the Jenkins emulator's buildDurationMs) with the
 * default JENKINS_POLL_INTERVAL_MS: one push of five apps, followed until every build succeeded.
 */
export const jenkinsPolls: Scenario = {
  id: 'polls',
  title: 'Jenkins calls per promotion (target 6)',
  async run(ctx: BenchContext) {
    const buildMs = ctx.options.quick ? 10_000 : 30_000;
    const stack = await BenchStack.start(ctx, {
      name: 'polls',
      env: { JENKINS_MAX_TRIGGERS_PER_SECOND: '0', JENKINS_POLL_INTERVAL_MS: String(POLL_INTERVAL_MS) },
      job: { buildDurationMs: buildMs },
    });
    try {
      const [after = ''] = await writeCommitFan(stack.project, stack.base, 1, () => {
        const files: CommitFiles = {};
        for (let a = 0; a < APPS; a += 1) Object.assign(files, appFiles(`polled${a}`, '1.0.0'));
        return files;
      });
      await stack.startRoles(['ingress', 'planner', 'dispatcher']);
      const from = stack.jenkins.requests.length;
      const job = pushJob(stack.project.id, stack.base, after);
      await enqueueAll(await stack.producer(), [job]);
      const { promotions } = stack.infra;
      const ids = Array.from({ length: APPS }, (_, a) => `polled${a}~dev~stage~${after}`);
      const deadline = Date.now() + buildMs + 60_000;
      for (;;) {
        const records = await Promise.all(ids.map((id) => promotions.get(id)));
        if (records.every((r) => r && TERMINAL_STATUSES.includes(r.status))) {
          const failed = records.filter((r) => r?.status !== 'succeeded');
          if (failed.length > 0) throw new Error(`${failed.length} promotions did not succeed`);
          break;
        }
        if (Date.now() > deadline) throw new Error('the builds were not followed to their end in time');
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const calls = jenkinsCalls(stack.jenkins, from);
      const perPromotion = calls.total / APPS;
      const expected = pollSchedule(buildMs, POLL_INTERVAL_MS);
      const triggers = (calls.byKind['trigger'] ?? 0) / APPS;
      ctx.log(`  Jenkins calls: ${JSON.stringify(calls.byKind)} for ${APPS} promotions`);
      const measured = ctx.results.add({
        target: '6',
        measurement: `Jenkins calls per promotion, ${buildMs / 1000} s build (measured)`,
        value: perPromotion,
        unit: 'calls',
        baseline: { name: 'poll schedule', value: expected.jenkinsCalls },
        goal: '1 trigger + schedule',
        note: Object.entries(calls.byKind)
          .map(([kind, n]) => `${kind} ${n / APPS}`)
          .join(', '),
      });
      measured.met = triggers === 1 && perPromotion <= expected.jenkinsCalls;
      const fiveMinutes = pollSchedule(300_000, POLL_INTERVAL_MS);
      ctx.results.add({
        target: '6',
        measurement: 'Jenkins calls per promotion, 5 min build (poll schedule)',
        value: fiveMinutes.jenkinsCalls,
        unit: 'calls',
        goal: '1 trigger + bounded polls',
        note: `1 trigger, 1 queue item, ${fiveMinutes.polls} build polls`,
        met: true,
      });
    } finally {
      await stack.stop();
    }
  },
};
