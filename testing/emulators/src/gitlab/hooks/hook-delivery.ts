import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { isoUtc } from '../model/time';
import type { ProjectHook } from './project-hook';
import type { PushHookPayload } from './push-payload';

/** Sends webhook requests the way GitLab's WebHookService does, and records every attempt for assertions. */

export interface HookDelivery {
  /** Sequence number of this attempt in the emulator. */
  id: number;
  hookId: number;
  projectId: number;
  url: string;
  event: 'Push Hook';
  /** X-Gitlab-Event-UUID. */
  eventUuid: string;
  /** X-Gitlab-Webhook-UUID: new for every request, resends included. */
  webhookUuid: string;
  /** Idempotency-Key: stable across resends of the same hook execution. */
  idempotencyKey: string;
  requestHeaders: Record<string, string>;
  payload: PushHookPayload;
  /** HTTP status when a response arrived. */
  status?: number;
  responseBody?: string;
  /** Transport failure (refused, reset, timeout) when no response arrived. */
  error?: string;
  /** 2xx answer. Anything else counts as a failure towards auto-disabling. */
  ok: boolean;
  startedAt: string;
  durationMs: number;
  /** Set on a "Resend request": id of the delivery that was resent. */
  redeliveryOf?: number;
}

export interface SkippedDelivery {
  hookId: number;
  eventUuid: string;
  reason: 'temporarily_disabled' | 'disabled';
}

export interface HookDelivererOptions {
  timeoutMs: number;
  userAgent: string;
  instanceUrl: string;
  now: () => number;
  /** Feeds each outcome back into the hook's health (auto-disabling). */
  onResult: (hookId: number, ok: boolean) => void;
}

export interface DeliveryRequest {
  hook: ProjectHook;
  payload: PushHookPayload;
  eventUuid: string;
  idempotencyKey?: string;
  redeliveryOf?: number;
}

const MAX_RECORDED_BODY = 16_384;

export function hookRequestHeaders(
  request: DeliveryRequest,
  options: Pick<HookDelivererOptions, 'userAgent' | 'instanceUrl'>,
  webhookUuid: string,
  idempotencyKey: string,
): Record<string, string> {
  const headers: Record<string, string> = {};
  // Custom headers first so they can never override GitLab's own.
  for (const header of request.hook.customHeaders) headers[header.key] = header.value;
  Object.assign(headers, {
    'Content-Type': 'application/json',
    'User-Agent': options.userAgent,
    'Idempotency-Key': idempotencyKey,
    'X-Gitlab-Event': 'Push Hook',
    'X-Gitlab-Webhook-UUID': webhookUuid,
    'X-Gitlab-Instance': options.instanceUrl,
    'X-Gitlab-Event-UUID': request.eventUuid,
  });
  if (request.hook.token !== '') headers['X-Gitlab-Token'] = request.hook.token;
  return headers;
}

export class HookDeliverer {
  readonly deliveries: HookDelivery[] = [];
  readonly skipped: SkippedDelivery[] = [];
  private readonly events = new EventEmitter();
  private readonly inflight = new Set<Promise<HookDelivery>>();
  private readonly closing = new AbortController();

  constructor(private readonly options: HookDelivererOptions) {
    this.events.setMaxListeners(0);
  }

  /** One POST, no retries (GitLab never retries). Resolves once the attempt is recorded. */
  deliver(request: DeliveryRequest): Promise<HookDelivery> {
    const attempt = this.attempt(request);
    this.inflight.add(attempt);
    void attempt.finally(() => this.inflight.delete(attempt));
    return attempt;
  }

  skip(skipped: SkippedDelivery): void {
    this.skipped.push(skipped);
  }

  /** Resolves with all deliveries once at least `count` were recorded; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs: number): Promise<HookDelivery[]> {
    if (this.deliveries.length >= count) return Promise.resolve([...this.deliveries]);
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.deliveries.length < count) return;
        cleanup();
        resolve([...this.deliveries]);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `expected ${count} hook deliveries within ${timeoutMs} ms, got ${this.deliveries.length}`,
          ),
        );
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.events.off('delivery', check);
      };
      this.events.on('delivery', check);
    });
  }

  /** Waits for every delivery in flight (including ones started while waiting). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /** Aborts deliveries in flight; used on shutdown. */
  close(): void {
    this.closing.abort();
  }

  private async attempt(request: DeliveryRequest): Promise<HookDelivery> {
    const webhookUuid = randomUUID();
    const idempotencyKey = request.idempotencyKey ?? randomUUID();
    const requestHeaders = hookRequestHeaders(request, this.options, webhookUuid, idempotencyKey);
    const started = this.options.now();
    const delivery: HookDelivery = {
      id: this.deliveries.length + 1,
      hookId: request.hook.id,
      projectId: request.hook.projectId,
      url: request.hook.url,
      event: 'Push Hook',
      eventUuid: request.eventUuid,
      webhookUuid,
      idempotencyKey,
      requestHeaders,
      payload: request.payload,
      ok: false,
      startedAt: isoUtc(started),
      durationMs: 0,
      ...(request.redeliveryOf === undefined ? {} : { redeliveryOf: request.redeliveryOf }),
    };
    try {
      const response = await fetch(request.hook.url, {
        method: 'POST',
        headers: requestHeaders,
        body: JSON.stringify(request.payload),
        redirect: 'manual', // GitLab does not follow redirects for webhooks
        signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.closing.signal]),
      });
      delivery.status = response.status;
      delivery.responseBody = (await response.text()).slice(0, MAX_RECORDED_BODY);
      delivery.ok = response.status >= 200 && response.status < 300;
    } catch (error) {
      delivery.error = describeError(error);
    }
    delivery.durationMs = this.options.now() - started;
    delivery.id = this.deliveries.length + 1;
    this.deliveries.push(delivery);
    this.options.onResult(delivery.hookId, delivery.ok);
    this.events.emit('delivery', delivery);
    return delivery;
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'execution expired';
    const cause = error.cause;
    if (cause instanceof Error && cause.message !== '') return `${error.message}: ${cause.message}`;
    return error.message;
  }
  return String(error);
}
