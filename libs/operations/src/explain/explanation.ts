import type { HookHealth } from '@auto-promote/domain';
import type { PromotionHistoryEntry, PromotionRecord } from '@auto-promote/records';

/** Something that held a promotion back (or ended it), past or present. */
export interface Hold {
  kind:
    | 'freeze'
    | 'block'
    | 'circuit-open'
    | 'rate-limit'
    | 'jenkins-retry'
    | 'retry-horizon'
    | 'jenkins-queue'
    | 'superseded'
    | 'skipped'
    | 'webhook';
  /** Still holding it now. */
  active: boolean;
  text: string;
  since: string | null;
  until: string | null;
}

/** The push that changed the app, as the planner recorded it. */
export interface ChangeCause {
  eventId: string;
  source: string;
  branch: string;
  before: string;
  after: string;
  receivedAt: string;
  /** What the planner made of the whole push. */
  status: string;
  reason: string | null;
}

/** What a push of the source branch's head would do now, for this app and target. */
export interface IfPushedNow {
  sourceBranch: string;
  head: string | null;
  /** 'promote' | 'nothing' | 'skip' | 'unknown', with the why in `text`. */
  outcome: 'promote' | 'nothing' | 'skip' | 'unknown';
  text: string;
  imageTag: string | null;
  /** What would hold it if it were planned now. */
  holds: Hold[];
}

/** The causal chain of an app's newest change into a target: the answer to "why didn't it promote?". */
export interface Explanation {
  app: string;
  target: string;
  /** One line: where the change stands, and why. */
  verdict: string;
  change: ChangeCause | null;
  promotion: PromotionRecord | null;
  history: PromotionHistoryEntry[];
  holds: Hold[];
  jenkins: PromotionRecord['jenkins'] | null;
  /** The merge request its build opened, once looked for. */
  mergeRequest: PromotionRecord['mergeRequest'];
  /** auto-promote's GitLab hook as the reconciler last saw it (null before its first look). */
  webhook: HookHealth | null;
  ifPushedNow: IfPushedNow;
}
