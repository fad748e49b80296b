import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { loadConfig } from '@auto-promote/config';
import { createLogger } from '@auto-promote/observability';
import { QUEUE_NAMES } from '@auto-promote/queues';
import { startService, type RunningService } from '@auto-promote/runtime';
import { REDIS_URL, deletePrefix, testRedis } from '../../support/redis';
import { emulatorEnv, SECRETS } from '../../support/stack';
import { formatMap, type IngressSetup } from './webhook-expectations';

/** An ingress-only auto-promote (the real HTTP server) configured for one project and promotion map. */
export interface Ingress extends IngressSetup {
  url: string;
  service: RunningService;
}

/**
 * Ingress-only services sharing one Redis prefix, so deduplication spans them all, as it spans the replicas
 * of a deployment. Nothing here calls GitLab or Jenkins (the ingress never does), so their URLs lead nowhere.
 */
export class IngressFleet {
  readonly ingresses: Ingress[] = [];
  readonly redis: Redis = testRedis();
  readonly pushQueue: Queue;

  constructor(readonly prefix: string) {
    this.pushQueue = new Queue(QUEUE_NAMES.pushEvents, { connection: this.redis, prefix });
  }

  async start(setup: IngressSetup): Promise<Ingress> {
    const config = loadConfig({
      env: {
        REDIS_URL,
        QUEUE_PREFIX: this.prefix,
        PORT: '0',
        HOST: '127.0.0.1',
        ...emulatorEnv('http://127.0.0.1:9', 'http://127.0.0.1:9'),
        GITLAB_PROJECT: setup.project,
        PROMOTION_MAP: formatMap(setup.map),
        LOG_LEVEL: 'silent',
      },
    });
    const service = await startService(config, {
      roles: ['ingress'],
      logger: createLogger({ level: 'silent' }),
    });
    const ingress = { ...setup, url: service.url ?? '', service };
    this.ingresses.push(ingress);
    return ingress;
  }

  /** Every key under the prefix: what the ingresses have stored. */
  async storedKeys(): Promise<string[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, page] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}*`, 'COUNT', 1000);
      keys.push(...page);
      cursor = next;
    } while (cursor !== '0');
    return keys.sort();
  }

  async jobCount(): Promise<number> {
    const counts = await this.pushQueue.getJobCounts();
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }

  async stop(): Promise<void> {
    await Promise.all(this.ingresses.map((i) => i.service.close(5_000)));
    await this.pushQueue.close();
    try {
      await deletePrefix(this.redis, this.prefix);
    } finally {
      this.redis.disconnect();
    }
  }
}

export interface Delivery {
  status: number;
  body: Record<string, unknown>;
}

/** POSTs a payload's bytes as GitLab delivers them: its event header, the secret token, a fresh delivery UUID. */
export async function deliver(url: string, raw: Buffer, event: string): Promise<Delivery> {
  const uuid = randomUUID();
  const response = await fetch(`${url}/webhooks/gitlab`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Gitlab-Event': event,
      'X-Gitlab-Token': SECRETS.webhookSecret,
      'X-Gitlab-Event-UUID': uuid,
      'X-Gitlab-Webhook-UUID': randomUUID(),
      'User-Agent': 'GitLab/17.1.0',
    },
    body: raw,
  });
  const text = await response.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { raw: text };
  }
  return { status: response.status, body };
}
