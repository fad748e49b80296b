import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { loadConfig, type Config } from '@auto-promote/config';
import { GitLabClient } from '@auto-promote/gitlab';
import { JenkinsClient } from '@auto-promote/jenkins';
import { LatestPromotions } from '@auto-promote/planner';
import {
  PushEventProducer,
  QUEUE_NAMES,
  type BuildJobData,
  type PromotionJobData,
  type PushEventJobData,
} from '@auto-promote/queues';
import { FreezeStore, PromotionStore } from '@auto-promote/records';
import { connectRedis } from '../connect-redis';
import type { CliIo } from './cli-io';

/**
 * What operator commands use, made on first use and closed at the end of the command: the configuration
 * (exactly as the service loads it), GitLab and Jenkins clients, Redis, queues and stores.
 */
export class OperatorContext {
  private loaded: Config | undefined;
  private redisConnection: Promise<Redis> | undefined;
  private readonly queues: Queue[] = [];

  constructor(readonly io: CliIo) {}

  get config(): Config {
    this.loaded ??= loadConfig({ env: this.io.env });
    return this.loaded;
  }

  now(): Date {
    return this.io.now?.() ?? new Date();
  }

  /** Who runs the command, for records and freezes. */
  get user(): string | null {
    return this.io.env['USER'] ?? this.io.env['USERNAME'] ?? null;
  }

  gitlab(): GitLabClient {
    const { gitlab } = this.config;
    return new GitLabClient({ url: gitlab.url, token: gitlab.token, timeoutMs: gitlab.timeoutMs });
  }

  jenkins(): JenkinsClient {
    const { jenkins } = this.config;
    return new JenkinsClient({
      url: jenkins.url,
      user: jenkins.user,
      apiToken: jenkins.apiToken,
      job: jenkins.job,
      timeoutMs: jenkins.timeoutMs,
    });
  }

  redis(): Promise<Redis> {
    this.redisConnection ??= connectRedis(this.config);
    return this.redisConnection;
  }

  async promotions(): Promise<PromotionStore> {
    return new PromotionStore(await this.redis(), this.config.redis.prefix, {
      retentionDays: this.config.retention.recordDays,
    });
  }

  async freezes(): Promise<FreezeStore> {
    return new FreezeStore(await this.redis(), this.config.redis.prefix, { clock: () => this.now() });
  }

  async latest(): Promise<LatestPromotions> {
    return new LatestPromotions(await this.redis(), this.config.redis.prefix);
  }

  async queue<T>(name: string): Promise<Queue<T>> {
    const queue = new Queue<T>(name, { connection: await this.redis(), prefix: this.config.redis.prefix });
    this.queues.push(queue);
    return queue;
  }

  async producer(): Promise<PushEventProducer> {
    const queue = await this.queue<PushEventJobData>(QUEUE_NAMES.pushEvents);
    return new PushEventProducer(queue, await this.redis(), this.config.redis.prefix);
  }

  promotionsQueue(): Promise<Queue<PromotionJobData>> {
    return this.queue<PromotionJobData>(QUEUE_NAMES.promotions);
  }

  buildsQueue(): Promise<Queue<BuildJobData>> {
    return this.queue<BuildJobData>(QUEUE_NAMES.builds);
  }

  async close(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.close().catch(() => undefined)));
    const redis = await this.redisConnection?.catch(() => undefined);
    await redis?.quit().catch(() => redis.disconnect());
  }
}
