import type { Queue } from 'bullmq';
import type { Config } from '@auto-promote/config';
import type { JenkinsClient } from '@auto-promote/jenkins';
import type { Logger } from '@auto-promote/observability';
import type { PromotionJobData } from '@auto-promote/queues';
import type { ActiveFreeze, BlockStore, PromotionStatus, PromotionTransitions } from '@auto-promote/records';
import type { JenkinsCircuit } from './jenkins-circuit';
import type { MergeRequestDeps } from './merge-request-deps';

export interface DispatcherDeps {
  config: Pick<Config, 'jenkins' | 'retry'>;
  jenkins: JenkinsClient;
  /** Every status change goes through here (metric and GitLab feedback included). */
  transitions: PromotionTransitions;
  /** The `promotions` queue: paused as a whole while the circuit is open, and parked jobs are released on it. */
  queue: Queue<PromotionJobData>;
  circuit: JenkinsCircuit;
  /**
   * What holds a target: operators' freezes and GitLab's Deploy Freeze calendar (`ActiveFreezes` in the service;
   * a bare FreezeStore holds operator freezes only). A promotion into a held target waits.
   */
  freezes: { get(target: string, now?: number): Promise<FreezeHold | null> };
  /** Quarantined versions: a planned promotion of a version blocked meanwhile is skipped, not triggered. */
  blocks: Pick<BlockStore, 'blocking'>;
  logger: Logger;
  clock?: () => number;
  /** How often a promotion held back by a freeze looks again; default FREEZE_RECHECK_MS (5 s). */
  freezeRecheckMs?: number;
  /** Finding each successful build's merge request (issue 17); absent = not looked for. */
  mergeRequests?: MergeRequestDeps;
}

/** What the freeze gate needs of a freeze; `kind` absent = an operator's. */
export type FreezeHold = Pick<ActiveFreeze, 'reason' | 'until'> & Partial<Pick<ActiveFreeze, 'kind' | 'by'>>;

export type DispatchOutcome = { status: PromotionStatus };
