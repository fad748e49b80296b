import { performance } from 'node:perf_hooks';
import { manifest } from '../../test/support/stack';
import { describeCalls, gitlabCalls, gitlabQuiet } from '../support/api-calls';
import type { BenchContext, Scenario } from '../support/bench-context';
import { BenchStack } from '../support/bench-stack';
import { writeCommitFan, type CommitFiles } from '../support/commits';
import { enqueueAll, pushJob } from '../support/push-jobs';

const APPS = 500;
const FILES_PER_APP = 10;

/** An app directory as generated manifests look: the Deployment named after the app, and the rest. */
function appDirectory(app: string): CommitFiles {
  const files: CommitFiles = { [`manifests/${app}/${app}.yaml`]: manifest(app, '2.0.0') };
  for (let f = 1; f < FILES_PER_APP; f += 1) {
    files[`manifests/${app}/resource-${f}.yaml`] =
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${app}-${f}\n`;
  }
  return files;
}

/**
 * Target 6, the large push: one push changing 5,000 files over 500 apps (more than GitLab's compare
 * lists, so the planner's tree-id fallback finds most apps), timed from the enqueue to the event's
 * record saying `planned` (every promotion record and job written), with the GitLab calls it took.
 * The planner runs without a dispatcher so nothing else competes.
 */
export const largePush: Scenario = {
  id: 'large-push',
  title: 'A push of 5,000 files over 500 apps (target 6)',
  async run(ctx: BenchContext) {
    const stack = await BenchStack.start(ctx, { name: 'large' });
    try {
      const [after = ''] = await writeCommitFan(stack.project, stack.base, 1, () => {
        const files: CommitFiles = {};
        for (let a = 0; a < APPS; a += 1)
          Object.assign(files, appDirectory(`big${String(a).padStart(3, '0')}`));
        return files;
      });
      await stack.startRoles(['ingress', 'planner']);
      await gitlabQuiet(stack.gitlab);
      const { events } = stack.infra;
      const job = pushJob(stack.project.id, stack.base, after);
      const gitlabFrom = stack.gitlab.requests.length;
      const started = performance.now();
      await enqueueAll(await stack.producer(), [job]);
      let planned = 0;
      for (;;) {
        const record = await events.get(job.eventId);
        if (record && record.status !== 'planned') throw new Error(`push ${record.status}: ${record.reason}`);
        if (record) {
          planned = record.promotionIds.length;
          break;
        }
        if (performance.now() - started > 120_000) throw new Error('the large push was not planned in 120 s');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const seconds = (performance.now() - started) / 1000;
      const calls = gitlabCalls(stack.gitlab, gitlabFrom);
      ctx.log(
        `  ${planned} promotions planned in ${seconds.toFixed(2)} s, ${calls.reads.total} GitLab reads`,
      );
      if (planned !== APPS) throw new Error(`expected ${APPS} promotions, got ${planned}`);
      const time = ctx.results.add({
        target: '6',
        measurement: `one push of ${APPS * FILES_PER_APP} files over ${APPS} apps: planned in`,
        value: seconds,
        unit: 's',
        goal: '≤ 2 s',
      });
      time.met = seconds <= 2;
      const count = ctx.results.add({
        target: '6',
        measurement: 'GitLab reads for that push',
        value: calls.reads.total,
        unit: 'calls',
        goal: `≤ 2 + ${APPS}`,
        note: describeCalls(calls.reads, 1),
      });
      count.met = count.value <= 2 + APPS;
    } finally {
      await stack.stop();
    }
  },
};
