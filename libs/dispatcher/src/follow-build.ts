import { DelayedError, type Job } from 'bullmq';
import type { BuildJobData } from '@auto-promote/queues';
import { FINAL_STATUSES, type PromotionStatus } from '@auto-promote/records';
import { transition, type DispatchOutcome, type DispatcherDeps } from './trigger-promotion';

/** Longest wait between two status polls of a running build: bounds Jenkins calls for long builds. */
export const MAX_POLL_DELAY_MS = 30_000;
const POLL_GROWTH = 1.5;

/** Parks the job in the delayed set until the next poll, without holding a worker or an attempt. */
async function pollAgain(job: Job<BuildJobData>, token: string | undefined, now: number): Promise<never> {
  const next = Math.min(Math.round(job.data.pollDelayMs * POLL_GROWTH), MAX_POLL_DELAY_MS);
  await job.updateData({ ...job.data, pollDelayMs: next });
  await job.moveToDelayed(now + next, token);
  throw new DelayedError();
}

/**
 * The follow step of the dispatcher (queue `builds`): queue item → build number → result, recorded
 * as `building`, then `succeeded` or `failed`. Jenkins forgets left queue items after about five
 * minutes; the build is then found among the job's builds by its queue id.
 */
export async function followBuild(
  job: Job<BuildJobData>,
  token: string | undefined,
  deps: Pick<DispatcherDeps, 'jenkins' | 'promotions' | 'logger' | 'metrics' | 'clock' | 'notifyFeedback'>,
): Promise<DispatchOutcome> {
  const now = deps.clock ?? Date.now;
  const id = job.data.promotionId;
  const log = deps.logger.child({ promotionId: id });
  const record = await deps.promotions.get(id);
  if (!record) return { status: 'abandoned' };
  if (FINAL_STATUSES.includes(record.status)) return { status: record.status };
  const queueId = record.jenkins.queueId;
  if (queueId === null) return { status: record.status };

  let buildNumber = record.jenkins.buildNumber;
  if (buildNumber === null) {
    const item = await deps.jenkins.queueItem(queueId);
    if (item?.cancelled) {
      const reason = `Jenkins queue item ${queueId} was cancelled before a build started`;
      await transition(deps, id, { status: 'abandoned', reason }, ['triggered']);
      log.warn({ reason }, 'promotion abandoned');
      return { status: 'abandoned' };
    }
    let build = item?.executable ?? null;
    if (item === null) {
      const found = await deps.jenkins.findBuildByQueueId(
        queueId,
        Date.parse(record.triggerIntentAt ?? record.createdAt),
      );
      if (!found) {
        const reason = `Jenkins forgot queue item ${queueId} and no build of the job came from it`;
        await transition(deps, id, { status: 'abandoned', reason }, ['triggered']);
        log.warn({ reason }, 'promotion abandoned');
        return { status: 'abandoned' };
      }
      build = { number: found.number, url: found.url };
    }
    if (build === null) return pollAgain(job, token, now());
    buildNumber = build.number;
    await transition(
      deps,
      id,
      { status: 'building', jenkins: { buildNumber: build.number, buildUrl: build.url } },
      ['triggered'],
    );
    log.info({ buildNumber: build.number }, 'Jenkins build started');
  }

  const build = await deps.jenkins.build(buildNumber);
  if (build === null || build.result === null) return pollAgain(job, token, now());
  const status: PromotionStatus = build.result === 'SUCCESS' ? 'succeeded' : 'failed';
  await transition(
    deps,
    id,
    {
      status,
      jenkins: { result: build.result, buildNumber: build.number, buildUrl: build.url },
      ...(status === 'failed' ? { reason: `Jenkins build #${build.number} ended ${build.result}` } : {}),
    },
    ['triggered', 'building'],
  );
  log.info({ buildNumber: build.number, result: build.result }, `promotion ${status}`);
  return { status };
}
