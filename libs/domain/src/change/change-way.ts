import type { PromotionRecord } from '../promotion/promotion-record';
import { secondsBetween, type LeadTimeSample } from './lead-time';

/** The push that started a change (the source branch push of the chain's first promotion). */
export interface ChangePush {
  eventId: string;
  branch: string;
  after: string;
  receivedAt: string;
}

export type ChangeStepKind = 'push' | 'promotion' | 'build' | 'merge-request' | 'merged';

/** One step of a change's way to production; `at` is null where no time was recorded (a build's end). */
export interface ChangeStep {
  kind: ChangeStepKind;
  at: string | null;
  /** Where the step happened: the pushed branch, or the promotion's target. */
  env: string;
  promotionId: string | null;
  summary: string;
  url: string | null;
}

/** One change's way: the dev push and every promotion that carried it on, oldest first. */
export interface ChangeWay {
  /** The first promotion of the chain: names the change. */
  id: string;
  app: string;
  push: ChangePush | null;
  promotions: string[];
  steps: ChangeStep[];
  /** Per target whose merge request was merged: seconds since the dev push (and review wait). */
  leadTimes: LeadTimeSample[];
}

function promotionSteps(p: PromotionRecord): ChangeStep[] {
  const base = { env: p.targetEnv, promotionId: p.id };
  const steps: ChangeStep[] = [
    {
      ...base,
      kind: 'promotion',
      at: p.createdAt,
      summary: `${p.app} ${p.sourceEnv} → ${p.targetEnv} at ${p.sha.slice(0, 8)}: ${p.status}${p.reason ? ` (${p.reason})` : ''}`,
      url: null,
    },
  ];
  if (p.jenkins.queueId !== null || p.jenkins.buildNumber !== null)
    steps.push({
      ...base,
      kind: 'build',
      at: p.triggerIntentAt,
      summary:
        p.jenkins.buildNumber === null
          ? 'Jenkins build queued'
          : `Jenkins build #${p.jenkins.buildNumber}${p.jenkins.result ? ` ${p.jenkins.result}` : ''}`,
      url: p.jenkins.buildUrl,
    });
  const mr = p.mergeRequest;
  if (mr) {
    steps.push({
      ...base,
      kind: 'merge-request',
      at: mr.openedAt,
      summary:
        mr.iid === null
          ? `no merge request${mr.reason ? `: ${mr.reason}` : ''}`
          : `merge request !${mr.iid} (${mr.state === 'opened' ? 'awaiting review' : mr.state})`,
      url: mr.url,
    });
    if (mr.state === 'merged')
      steps.push({
        ...base,
        kind: 'merged',
        at: mr.mergedAt,
        summary: `!${mr.iid ?? '?'} merged into ${p.targetEnv}`,
        url: mr.url,
      });
  }
  return steps;
}

/** Lead time of one merged merge request: from the dev push of its change. */
export function leadTimeSample(push: ChangePush | null, p: PromotionRecord): LeadTimeSample | null {
  const mr = p.mergeRequest;
  if (!push || !mr || mr.state !== 'merged') return null;
  const lead = secondsBetween(push.receivedAt, mr.mergedAt);
  if (lead === null) return null;
  return {
    app: p.app,
    target: p.targetEnv,
    leadTimeSeconds: lead,
    reviewWaitSeconds: secondsBetween(mr.openedAt, mr.mergedAt),
  };
}

/**
 * The way of one change: `chain` is its promotions oldest first (each one's `previous` the one before),
 * `push` the push that caused the first. Pure: the records say everything.
 */
export function changeWay(chain: readonly PromotionRecord[], push: ChangePush | null): ChangeWay {
  const first = chain[0];
  if (!first) throw new RangeError('a change has at least one promotion');
  const steps: ChangeStep[] = [];
  if (push)
    steps.push({
      kind: 'push',
      at: push.receivedAt,
      env: push.branch,
      promotionId: null,
      summary: `push to ${push.branch} at ${push.after.slice(0, 8)} received`,
      url: null,
    });
  for (const p of chain) steps.push(...promotionSteps(p));
  return {
    id: first.id,
    app: first.app,
    push,
    promotions: chain.map((p) => p.id),
    steps,
    leadTimes: chain.map((p) => leadTimeSample(push, p)).filter((s): s is LeadTimeSample => s !== null),
  };
}
