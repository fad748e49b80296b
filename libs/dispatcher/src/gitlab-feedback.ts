import type { Config } from '@auto-promote/config';
import { aggregateFeedback, type CommitFeedback } from '@auto-promote/domain';
import { GitLabPermanentError, type GitLabClient } from '@auto-promote/gitlab';
import type { Logger, Metrics } from '@auto-promote/observability';
import { redisKeys, type RedisClient } from '@auto-promote/redis';
import type { EventRecord, EventStore, PromotionRecord, PromotionStore } from '@auto-promote/records';
import { FeedbackStepError } from './errors/feedback-step-error';
import { mergeRequestNote } from './merge-request-note';

export interface FeedbackDeps {
  config: Pick<Config, 'gitlab' | 'retention'>;
  gitlab: GitLabClient;
  events: EventStore;
  promotions: PromotionStore;
  redis: RedisClient;
  prefix: string;
  logger: Logger;
  metrics?: Metrics;
}

export interface FeedbackOutcome {
  status: 'posted' | 'unchanged' | 'off' | 'nothing';
  note: 'posted' | 'no-merge-request' | 'waiting' | 'done' | 'off' | 'nothing';
}

/** `auto-promote/<target>`: one commit status per target, so stage and prod never overwrite each other. */
export const statusName = (targetEnv: string): string => `auto-promote/${targetEnv}`;

/**
 * Brings GitLab up to date with the promotions of one push: one commit status on the pushed commit for
 * its target (the aggregate over its apps, posted only when it changed), and — once every promotion has a
 * build or has ended — one note on the merge request that produced the push. Reads everything from the
 * records, so running it again is harmless and a late run reports the latest state.
 */
export async function reportFeedback(eventId: string, deps: FeedbackDeps): Promise<FeedbackOutcome> {
  const { config } = deps;
  const nothing: FeedbackOutcome = { status: 'nothing', note: 'nothing' };
  const event = await deps.events.get(eventId);
  if (!event || event.status !== 'planned' || event.promotionIds.length === 0) return nothing;
  const records = (await Promise.all(event.promotionIds.map((id) => deps.promotions.get(id)))).filter(
    (r): r is PromotionRecord => r !== null,
  );
  const first = records[0];
  if (!first) return nothing;
  const targetEnv = first.targetEnv;
  const feedback = aggregateFeedback(
    targetEnv,
    records.map((r) => ({
      app: r.app,
      status: r.status,
      buildNumber: r.jenkins.buildNumber,
      buildUrl: r.jenkins.buildUrl,
      frozen: (r.frozen ?? null) !== null,
    })),
  );
  if (!feedback) return nothing;
  const keys = redisKeys(deps.prefix);
  const ttlSeconds = config.retention.recordDays * 86_400;

  let status: FeedbackOutcome['status'] = 'off';
  if (config.gitlab.feedback.status) {
    const key = keys.feedbackStatus(targetEnv, event.after);
    const signature = JSON.stringify([feedback.state, feedback.description, feedback.targetUrl]);
    if ((await deps.redis.get(key)) === signature) status = 'unchanged';
    else {
      status = await postStatus(deps, event, targetEnv, feedback).catch((error: Error) => {
        throw new FeedbackStepError('status', error);
      });
      await deps.redis.set(key, signature, 'EX', ttlSeconds);
      deps.metrics?.gitlabFeedback.inc({ kind: 'status', outcome: status });
      deps.logger.debug({ eventId, targetEnv, state: feedback.state, outcome: status }, 'commit status');
    }
  }

  let note: FeedbackOutcome['note'] = 'off';
  if (config.gitlab.feedback.note) {
    note = feedback.settled
      ? await postNote(
          deps,
          event,
          targetEnv,
          records,
          keys.feedbackNote(targetEnv, event.after),
          ttlSeconds,
        ).catch((error: Error) => {
          throw new FeedbackStepError('note', error);
        })
      : 'waiting';
  }
  return { status, note };
}

async function postStatus(
  deps: FeedbackDeps,
  event: EventRecord,
  targetEnv: string,
  feedback: CommitFeedback,
): Promise<'posted' | 'unchanged'> {
  const post = (state: CommitFeedback['state']) =>
    deps.gitlab.setCommitStatus(deps.config.gitlab.project, event.after, {
      state,
      name: statusName(targetEnv),
      ref: event.branch,
      targetUrl: feedback.targetUrl,
      description: feedback.description,
    });
  try {
    return await post(feedback.state);
  } catch (error) {
    // `skipped` is accepted from GitLab 17.6 on; older versions refuse it as an invalid state.
    if (feedback.state === 'skipped' && error instanceof GitLabPermanentError && error.status === 400)
      return post('canceled');
    throw error;
  }
}

async function postNote(
  deps: FeedbackDeps,
  event: EventRecord,
  targetEnv: string,
  records: readonly PromotionRecord[],
  key: string,
  ttlSeconds: number,
): Promise<FeedbackOutcome['note']> {
  // Claimed before posting so two runs never both post; released if the post fails, so a retry may.
  if ((await deps.redis.set(key, 'claimed', 'EX', ttlSeconds, 'NX')) !== 'OK') return 'done';
  try {
    const project = deps.config.gitlab.project;
    const related = await deps.gitlab.commitMergeRequests(project, event.after);
    const mr = related.find(
      (m) =>
        m.state === 'merged' &&
        m.targetBranch === event.branch &&
        (m.mergeCommitSha === event.after || m.squashCommitSha === event.after || m.sha === event.after),
    );
    if (!mr) {
      deps.metrics?.gitlabFeedback.inc({ kind: 'note', outcome: 'unchanged' });
      return 'no-merge-request';
    }
    await deps.gitlab.createMergeRequestNote(project, mr.iid, mergeRequestNote(targetEnv, records));
    deps.metrics?.gitlabFeedback.inc({ kind: 'note', outcome: 'posted' });
    deps.logger.info({ eventId: event.eventId, mergeRequest: mr.iid }, 'merge request note posted');
    return 'posted';
  } catch (error) {
    await deps.redis.del(key);
    throw error;
  }
}
