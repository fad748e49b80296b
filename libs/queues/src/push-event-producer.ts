import type { Queue } from 'bullmq';
import type { PushEventJobData } from './job-data';
import { JOB_RETENTION, PUSH_EVENT_JOB_OPTIONS } from './job-options';
import { QueueUnavailableError } from './errors/queue-unavailable-error';
import { SCRIPTS, redisKeys, type RedisClient } from '@auto-promote/redis';

export type EnqueueOutcome = 'queued' | 'duplicate';

export interface PushEventProducerOptions {
  /** Give up and report Redis unavailable after this long; GitLab waits 10 s at most. */
  timeoutMs?: number;
  /** How long an accepted event id answers `duplicate`; at least the completed-job retention. */
  acceptedTtlSeconds?: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Puts push events on the `push-events` queue exactly once per event id.
 *
 * The job id (the event identity) makes the add idempotent while the job is retained; an
 * "accepted" marker set only after the add succeeded tells a first delivery (`queued`) from a
 * redelivery (`duplicate`), also among concurrent deliveries, and outlives the job's retention.
 * If Redis fails between the two steps the caller answers 503 and GitLab's next delivery finishes
 * the work — so an acknowledged event is always in Redis, and no event is acknowledged twice.
 */
export class PushEventProducer {
  private readonly timeoutMs: number;
  private readonly acceptedTtlSeconds: number;
  private readonly keys;

  constructor(
    private readonly queue: Queue<PushEventJobData>,
    private readonly redis: RedisClient,
    prefix: string,
    options: PushEventProducerOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 3_000;
    this.acceptedTtlSeconds = options.acceptedTtlSeconds ?? JOB_RETENTION.failedSeconds;
    this.keys = redisKeys(prefix);
  }

  async enqueue(data: PushEventJobData): Promise<EnqueueOutcome> {
    try {
      return await withTimeout(this.enqueueOnce(data), this.timeoutMs);
    } catch (error) {
      throw new QueueUnavailableError('the event could not be stored in Redis', { cause: error });
    }
  }

  /** Three round trips: admit (marker check + push order), add, mark accepted. */
  private async enqueueOnce(data: PushEventJobData): Promise<EnqueueOutcome> {
    const acceptedKey = this.keys.eventAccepted(data.eventId);
    const admitted = Number(
      await SCRIPTS.pushAdmit.run(
        this.redis,
        [acceptedKey, this.keys.pushOrder(data.projectId, data.branch)],
        [data.pushOrder === undefined ? '1' : '0'],
      ),
    );
    if (admitted === -1) return 'duplicate';
    const pushOrder = data.pushOrder ?? admitted;
    await this.queue.add('push', { ...data, pushOrder }, { ...PUSH_EVENT_JOB_OPTIONS, jobId: data.eventId });
    const first = await this.redis.set(acceptedKey, data.receivedAt, 'EX', this.acceptedTtlSeconds, 'NX');
    return first === 'OK' ? 'queued' : 'duplicate';
  }
}
