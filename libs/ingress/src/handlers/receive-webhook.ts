import {
  branchChange,
  classifyHook,
  eventId as eventIdOf,
  isMappedBranch,
  type PromotionMap,
} from '@auto-promote/domain';
import type { Logger, Metrics, WebhookOutcome } from '@auto-promote/observability';
import { QueueUnavailableError, type PushEventProducer } from '@auto-promote/queues';
import { matchesAnySecret } from '../constant-time';
import { deliveryReceipt } from './delivery-receipt';
import type { HeaderBag, HttpResult } from '../http-result';

export interface ReceiveWebhookDeps {
  secrets: readonly string[];
  /** GITLAB_PROJECT: a numeric id or a path such as p2c/k8s-deployments. */
  project: string;
  promotionMap: PromotionMap;
  producer: PushEventProducer;
  /** False while the process shuts down: new events are refused so GitLab records a failure. */
  accepting: () => boolean;
  logger: Logger;
  metrics?: Metrics;
  clock?: () => Date;
}

export type WebhookBody =
  | { status: 'queued' | 'duplicate'; eventId: string }
  | { status: 'ignored'; reason: string }
  | { error: string; details?: string[] };

/** Is the presented X-Gitlab-Token one of the accepted secrets? Checked before the body is read. */
export function authenticateWebhook(
  headers: HeaderBag,
  secrets: readonly string[],
): HttpResult<WebhookBody> | null {
  if (matchesAnySecret(headers['x-gitlab-token'], secrets)) return null;
  return { status: 401, body: { error: 'unauthorized' } };
}

function isConfiguredProject(configured: string, id: number, path: string): boolean {
  return /^\d+$/.test(configured)
    ? Number(configured) === id
    : configured.toLowerCase() === path.toLowerCase();
}

/**
 * POST /webhooks/gitlab after authentication and body parsing: validate, decide, enqueue.
 * Only a push to a branch of the map (a source or a target) of the configured project is queued; everything
 * else is answered 200 `ignored` so GitLab never counts it as a failure.
 */
export async function receiveWebhook(
  headers: HeaderBag,
  body: unknown,
  deps: ReceiveWebhookDeps,
): Promise<HttpResult<WebhookBody>> {
  const count = (outcome: WebhookOutcome) => deps.metrics?.webhooks.inc({ outcome });
  const ignored = (reason: string): HttpResult<WebhookBody> => {
    count('ignored');
    return { status: 200, body: { status: 'ignored', reason } };
  };

  if (!deps.accepting()) {
    count('unavailable');
    return {
      status: 503,
      body: { error: 'shutting down; redeliver later' },
      headers: { 'Retry-After': '5' },
    };
  }
  const hook = classifyHook(headers['x-gitlab-event'], body);
  if (hook.kind === 'invalid') {
    count('invalid');
    return { status: 400, body: { error: 'malformed push event', details: hook.errors.slice(0, 10) } };
  }
  if (hook.kind === 'ignored') return ignored(hook.reason);
  const event = hook.event;
  if (!isConfiguredProject(deps.project, event.projectId, event.projectPath)) {
    return ignored(`project ${event.projectPath} is not the configured deployments repository`);
  }
  // A target that is no source (prod) is queued too: the planner records it skipped and refreshes the merge
  // requests recorded open into it.
  if (!isMappedBranch(deps.promotionMap, event.branch))
    return ignored(`branch '${event.branch}' has no promotion target`);
  if (branchChange(event) === 'deleted') return ignored(`branch '${event.branch}' was deleted`);
  if (!deps.accepting()) {
    count('unavailable');
    return {
      status: 503,
      body: { error: 'shutting down; redeliver later' },
      headers: { 'Retry-After': '5' },
    };
  }

  const id = eventIdOf({
    projectId: event.projectId,
    ref: event.ref,
    before: event.before,
    after: event.after,
  });
  try {
    const outcome = await deps.producer.enqueue({
      eventId: id,
      source: 'webhook',
      projectId: event.projectId,
      projectPath: event.projectPath,
      branch: event.branch,
      before: event.before,
      after: event.after,
      totalCommitsCount: event.totalCommitsCount,
      userUsername: event.userUsername,
      receivedAt: (deps.clock?.() ?? new Date()).toISOString(),
      ...deliveryReceipt(headers),
    });
    count(outcome);
    // The request line (see request-logger) already carries the eventId and the status; this one is detail.
    deps.logger.debug(
      { eventId: id, branch: event.branch, before: event.before, after: event.after, outcome },
      `push event ${outcome}`,
    );
    return { status: outcome === 'queued' ? 202 : 200, body: { status: outcome, eventId: id } };
  } catch (error) {
    if (!(error instanceof QueueUnavailableError)) throw error;
    count('unavailable');
    deps.logger.error(
      { eventId: id, error: (error.cause as Error | undefined)?.message },
      'Redis could not take the event',
    );
    return {
      status: 503,
      body: { error: 'event store unavailable; redeliver later' },
      headers: { 'Retry-After': '5' },
    };
  }
}
