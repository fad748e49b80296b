import type { PushEventJobData } from '@auto-promote/queues';
import type { EventRecord } from '@auto-promote/records';

/** The event record of a push job with the planner's verdict. */
export function eventRecordFor(
  data: PushEventJobData,
  status: EventRecord['status'],
  reason: string | null,
  extra: Partial<Pick<EventRecord, 'promotionIds' | 'rejectedApps'>> = {},
): EventRecord {
  return {
    eventId: data.eventId,
    source: data.source,
    projectId: data.projectId,
    branch: data.branch,
    before: data.before,
    after: data.after,
    status,
    reason,
    promotionIds: extra.promotionIds ?? [],
    rejectedApps: extra.rejectedApps ?? [],
    receivedAt: data.receivedAt,
    delivery: data.delivery ?? null,
    updatedAt: new Date().toISOString(),
  };
}
