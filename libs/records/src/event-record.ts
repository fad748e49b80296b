import type { DeliveryReceipt, EventSource } from '@auto-promote/domain';

export type EventStatus = 'planned' | 'skipped' | 'failed';

/** What the planner made of one push: the promotions it planned, or why it planned none. */
export interface EventRecord {
  eventId: string;
  source: EventSource;
  projectId: number;
  branch: string;
  before: string;
  after: string;
  status: EventStatus;
  reason: string | null;
  promotionIds: string[];
  /** App directories that were changed but are not safe names, with why; never promoted. */
  rejectedApps: Array<{ name: string; reason: string }>;
  receivedAt: string;
  /** The webhook delivery it came in (GitLab's headers); absent for other sources and older records. */
  delivery?: DeliveryReceipt | null;
  updatedAt: string;
}
