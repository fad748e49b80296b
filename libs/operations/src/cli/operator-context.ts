import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { loadConfig, type Config } from '@auto-promote/config';
import { GitLabClient } from '@auto-promote/gitlab';
import { JenkinsClient } from '@auto-promote/jenkins';
import {
  PushEventProducer,
  QUEUE_NAMES,
  feedbackNotifier,
  type FeedbackJobData,
  type PromotionJobData,
  type PushEventJobData,
} from '@auto-promote/queues';
import { FreezeStore, LatestPointers, PromotionStore, PromotionTransitions } from '@auto-promote/records';
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

  /** Status changes an operator makes go through the lifecycle, and are reported to GitLab like any other. */
  async transitions(): Promise<PromotionTransitions> {
    const { feedback } = this.config.gitlab;
    if (!feedback.status && !feedback.note) return new PromotionTransitions(await this.promotions());
    const notify = feedbackNotifier(
      await this.queue<FeedbackJobData>(QUEUE_NAMES.feedback),
      () => undefined, // best effort: the command's own outcome does not depend on it
      feedback.delayMs,
    );
    return new PromotionTransitions(await this.promotions(), { feedback: [notify] });
  }

  async latest(): Promise<LatestPointers> {
    return new LatestPointers(await this.redis(), this.config.redis.prefix);
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

  async close(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.close().catch(() => undefined)));
    const redis = await this.redisConnection?.catch(() => undefined);
    await redis?.quit().catch(() => redis.disconnect());
  }
}
