import type { FaultSwitch } from '../fault-switch';
import type { BuildQueue } from './build-queue';
import type { CrumbIssuer } from './crumb-issuer';
import type { JobStore } from './job-store';
import type { RequestRecord, TriggerRecord, UserConfig } from './types';

/** Everything the HTTP routes share with the emulator object. */
export interface EmulatorContext {
  /** Root URL without a trailing slash (known once the server listens). */
  base(): string;
  readonly users: Readonly<Record<string, UserConfig>>;
  readonly crumbForApiTokens: boolean;
  readonly version: string;
  readonly instanceId: string;
  readonly store: JobStore;
  readonly queue: BuildQueue;
  readonly crumbs: CrumbIssuer;
  readonly faults: FaultSwitch;
  readonly triggers: TriggerRecord[];
  readonly requests: RequestRecord[];
  /** Called when a build request was accepted (queue item exists) just before the answer is sent. */
  onTriggerAccepted(accepted: {
    job: string;
    params: Record<string, string>;
    queueId: number;
    created: boolean;
  }): void;
}
