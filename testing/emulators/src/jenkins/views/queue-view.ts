import type { QueueItem } from '../build-queue';
import type { Job } from '../job';
import { paramsText } from '../parameters';
import { formatTimeSpan } from '../time';
import { buildUrl, jobUrl } from '../urls';
import { causeActions, type Json } from './build-view';
import { JOB_CLASS, RUN_CLASS } from './model-classes';
import { colorOf } from './job-color';

const ITEM_CLASS = {
  waiting: 'hudson.model.Queue$WaitingItem',
  buildable: 'hudson.model.Queue$BuildableItem',
  left: 'hudson.model.Queue$LeftItem',
} as const;

export function taskJson(base: string, job: Job): Json {
  return {
    _class: JOB_CLASS[job.config.kind],
    name: job.name,
    url: jobUrl(base, job.fullName),
    color: colorOf(job),
  };
}

function why(item: QueueItem, now: number): string | null {
  if (item.state === 'waiting') return `In the quiet period. Expires in ${formatTimeSpan(item.dueAt - now)}`;
  if (item.state === 'buildable') return 'Waiting for next available executor';
  return null;
}

/**
 * A queue item as /queue/item/<id>/api/json shows it. Only a LeftItem exports `cancelled` and
 * `executable`; a waiting item has neither key (clients must treat "absent" like null).
 */
export function queueItemJson(base: string, item: QueueItem, now = Date.now()): Json {
  const json: Json = {
    _class: ITEM_CLASS[item.state],
    actions: causeActions(item.params, item.userId),
    blocked: false,
    buildable: item.state === 'buildable',
    id: item.id,
    inQueueSince: item.inQueueSince,
    params: paramsText(item.params),
    stuck: false,
    task: taskJson(base, item.job),
    url: `queue/item/${item.id}/`,
    why: why(item, now),
  };
  if (item.state === 'waiting') json['timestamp'] = item.dueAt;
  if (item.state === 'buildable') {
    // Queue.NotWaitingItem: when the item became buildable (its quiet period ended).
    json['buildableStartMilliseconds'] = item.dueAt;
    json['pending'] = false;
  }
  if (item.state === 'left') {
    json['cancelled'] = item.cancelled;
    json['executable'] = item.build
      ? {
          _class: RUN_CLASS[item.job.config.kind],
          number: item.build.number,
          url: buildUrl(base, item.job.fullName, item.build.number),
        }
      : null;
  }
  return json;
}

export function queueJson(base: string, items: readonly QueueItem[]): Json {
  const now = Date.now();
  return {
    _class: 'hudson.model.Queue',
    discoverableItems: [],
    items: items.map((i) => queueItemJson(base, i, now)),
  };
}
