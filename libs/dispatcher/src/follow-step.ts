import type { Job } from 'bullmq';
import type { BuildState } from '@auto-promote/jenkins';
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

type FollowDeps = Pick<DispatcherDeps, 'jenkins' | 'transitions' | 'logger' | 'clock' | 'config'>;

/**
 * Follows a triggered promotion: queue item → build number → result, recorded as `building` (unless the
 * build has already ended when first seen), then `succeeded` or `failed`. Between checks the job is parked.
 * Jenkins forgets left queue items after about five minutes; the build is then found among the job's builds
 * by its queue id.
 */
export async function followStep(
  job: Job,
  token: string | undefined,
  record: PromotionRecord,
  deps: FollowDeps,
): Promise<DispatchOutcome> {
  const now = (deps.clock ?? Date.now)();
  const since = Date.parse(record.triggerIntentAt ?? record.updatedAt);
  const pollLater = () =>
    parkUntil(job, token, now + nextPollDelay(deps.config.jenkins.pollIntervalMs, now - since));
  const queueId = record.jenkins.queueId;
  if (queueId === null) return { status: record.status };

  if (record.jenkins.buildNumber !== null) {
    const build = await deps.jenkins.build(record.jenkins.buildNumber);
    if (build === null || build.result === null) return pollLater();
    return finish(deps, record, build);
  }
  const item = await deps.jenkins.queueItem(queueId);
  if (item?.cancelled)
    return abandon(deps, record, `Jenkins queue item ${queueId} was cancelled before a build started`);
  let number = item?.executable?.number ?? null;
  if (item === null) {
    const found = await deps.jenkins.findBuildByQueueId(queueId, since);
    if (!found)
      return abandon(
        deps,
        record,
        `Jenkins forgot queue item ${queueId} and no build of the job came from it`,
      );
    number = found.number;
  }
  if (number === null) return pollLater();
  const build = await deps.jenkins.build(number);
  if (build !== null && build.result !== null) return finish(deps, record, build);
  const url = build?.url ?? item?.executable?.url ?? null;
  await deps.transitions.apply(record, { kind: 'build-started', buildNumber: number, buildUrl: url });
  deps.logger.info({ promotionId: record.id, buildNumber: number }, 'Jenkins build started');
  return pollLater();
}

async function finish(
  deps: FollowDeps,
  record: PromotionRecord,
  build: BuildState,
): Promise<DispatchOutcome> {
  const result = await deps.transitions.apply(record, {
    kind: 'build-finished',
    result: build.result ?? 'UNKNOWN',
    buildNumber: build.number,
    buildUrl: build.url,
  });
  const status = result.kind === 'missing' ? 'abandoned' : result.record.status;
  deps.logger.info(
    { promotionId: record.id, buildNumber: build.number, result: build.result },
    `promotion ${status}`,
  );
  return { status };
}

async function abandon(deps: FollowDeps, record: PromotionRecord, reason: string): Promise<DispatchOutcome> {
  await deps.transitions.apply(record, { kind: 'abandon', reason });
  deps.logger.warn({ promotionId: record.id, reason }, 'promotion abandoned');
  return { status: 'abandoned' };
}
