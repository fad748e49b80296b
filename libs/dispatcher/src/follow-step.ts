import type { Job } from 'bullmq';
import type { PromotionRecord } from '@auto-promote/records';
import type { DispatchOutcome, DispatcherDeps } from './dispatcher-deps';
import { parkUntil } from './park';

/** Longest wait between two status checks of a running build: bounds Jenkins calls for long builds. */
export const MAX_POLL_DELAY_MS = 30_000;

/**
 * The wait before the next check: JENKINS_POLL_INTERVAL_MS, growing 1.5× per check up to 30 s. Derived from
 * the time since the trigger alone (after n checks it is `poll × 1.5ⁿ` = `poll + elapsed / 2`), so no count
 * has to be carried between runs.
 */
export function nextPollDelay(pollIntervalMs: number, elapsedMs: number): number {
  return Math.min(Math.round(pollIntervalMs + Math.max(0, elapsedMs) / 2), MAX_POLL_DELAY_MS);
}

/**
 * Follows a triggered promotion: queue item → build number → result, recorded as `building`, then
 * `succeeded` or `failed`. Between checks the job is parked in the delayed set. Jenkins forgets left queue
 * items after about five minutes; the build is then found among the job's builds by its queue id.
 */
export async function followStep(
  job: Job,
  token: string | undefined,
  record: PromotionRecord,
  deps: Pick<DispatcherDeps, 'jenkins' | 'transitions' | 'logger' | 'clock' | 'config'>,
): Promise<DispatchOutcome> {
  const now = (deps.clock ?? Date.now)();
  const log = deps.logger.child({ promotionId: record.id });
  const since = Date.parse(record.triggerIntentAt ?? record.updatedAt);
  const pollLater = () =>
    parkUntil(job, token, now + nextPollDelay(deps.config.jenkins.pollIntervalMs, now - since));
  const queueId = record.jenkins.queueId;
  if (queueId === null) return { status: record.status };

  let buildNumber = record.jenkins.buildNumber;
  if (buildNumber === null) {
    const item = await deps.jenkins.queueItem(queueId);
    if (item?.cancelled)
      return abandon(deps, record, `Jenkins queue item ${queueId} was cancelled before a build started`);
    let build = item?.executable ?? null;
    if (item === null) {
      const found = await deps.jenkins.findBuildByQueueId(queueId, since);
      if (!found)
        return abandon(
          deps,
          record,
          `Jenkins forgot queue item ${queueId} and no build of the job came from it`,
        );
      build = { number: found.number, url: found.url };
    }
    if (build === null) return pollLater();
    buildNumber = build.number;
    await deps.transitions.apply(record, {
      kind: 'build-started',
      buildNumber: build.number,
      buildUrl: build.url,
    });
    log.info({ buildNumber: build.number }, 'Jenkins build started');
  }

  const build = await deps.jenkins.build(buildNumber);
  if (build === null || build.result === null) return pollLater();
  const result = await deps.transitions.apply(record, {
    kind: 'build-finished',
    result: build.result,
    buildNumber: build.number,
    buildUrl: build.url,
  });
  const status = result.kind === 'missing' ? 'abandoned' : result.record.status;
  log.info({ buildNumber: build.number, result: build.result }, `promotion ${status}`);
  return { status };
}

async function abandon(
  deps: Pick<DispatcherDeps, 'transitions' | 'logger'>,
  record: PromotionRecord,
  reason: string,
): Promise<DispatchOutcome> {
  await deps.transitions.apply(record, { kind: 'abandon', reason });
  deps.logger.warn({ promotionId: record.id, reason }, 'promotion abandoned');
  return { status: 'abandoned' };
}
