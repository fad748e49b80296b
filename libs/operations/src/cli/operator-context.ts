import type { Queue } from 'bullmq';
import type { RedisClient } from '@auto-promote/redis';
import { loadConfig, type Config } from '@auto-promote/config';
import type { GitLabClient } from '@auto-promote/gitlab';
import type { JenkinsClient } from '@auto-promote/jenkins';
import { QUEUE_NAMES, type PromotionJobData, type PushEventProducer } from '@auto-promote/queues';
import type {
  BlockStore,
  ChangeChains,
  ActiveFreezes,
  FreezeStore,
  LatestPointers,
  PromotionStore,
  PromotionTransitions,
} from '@auto-promote/records';
import type { PreviewPush } from '../dry-run-plan';
import type { ExplainSources } from '../explain/explain';
import type { CliIo } from './cli-io';

/**
 * What operator commands reach Redis, GitLab, Jenkins and the planner through. The composition root makes
 * them from the configuration (the runtime's `openOperatorServices`, on the same infrastructure factory as
 * the service), on the first use in a command, and closes them at its end.
 */
export interface OperatorServices {
  gitlab(): GitLabClient;
  jenkins(): JenkinsClient;
  /** Redis once it answers; an OperationError when it does not answer in time. */
  redis(): Promise<RedisClient>;
  promotions(): Promise<PromotionStore>;
  freezes(): Promise<FreezeStore>;
  /** Quarantined versions (`block`, `unblock`, `blocks`; checked by `promote`). */
  blocks(): Promise<BlockStore>;
  /** The chain of a change (dev push → … → prod merged) and lead times. */
  chains(): Promise<ChangeChains>;
  /** Operator freezes and GitLab's Deploy Freeze calendar together (GITLAB_DEPLOY_FREEZE). */
  activeFreezes(): Promise<ActiveFreezes>;
  /** Status changes an operator makes go through the lifecycle, and are reported to GitLab like any other. */
  transitions(): Promise<PromotionTransitions>;
  /** Which promotion holds "latest" for an app and target. */
  latest(): Promise<LatestPointers>;
  queue<T>(name: string): Promise<Queue<T>>;
  producer(): Promise<PushEventProducer>;
  /** The planner's own preview of a push, for the dry run. */
  previewPush: PreviewPush;
  /** What `explain` reads, composed as the service's API composes it. */
  explainSources(): Promise<ExplainSources>;
  close(): Promise<void>;
}

/** Makes a command's services from the configuration it loaded. */
export type OpenOperatorServices = (config: Config, io: CliIo) => OperatorServices;

/**
 * What an operator command uses, made on first use and closed at the end of the command: the configuration
 * (exactly as the service loads it) and the services opened from it. A command that fails before it needs
 * them (a usage error, a bad configuration) opens nothing.
 */
export class OperatorContext {
  private loaded: Config | undefined;
  private opened: OperatorServices | undefined;

  constructor(
    readonly io: CliIo,
    private readonly open: OpenOperatorServices,
  ) {}

  get config(): Config {
    this.loaded ??= loadConfig({ env: this.io.env });
    return this.loaded;
  }

  get services(): OperatorServices {
    this.opened ??= this.open(this.config, this.io);
    return this.opened;
  }

  now(): Date {
    return this.io.now?.() ?? new Date();
  }

  /** Who runs the command, for records and freezes. */
  get user(): string | null {
    return this.io.env['USER'] ?? this.io.env['USERNAME'] ?? null;
  }

  gitlab(): GitLabClient {
    return this.services.gitlab();
  }

  jenkins(): JenkinsClient {
    return this.services.jenkins();
  }

  redis(): Promise<RedisClient> {
    return this.services.redis();
  }

  promotions(): Promise<PromotionStore> {
    return this.services.promotions();
  }

  freezes(): Promise<FreezeStore> {
    return this.services.freezes();
  }

  blocks(): Promise<BlockStore> {
    return this.services.blocks();
  }

  chains(): Promise<ChangeChains> {
    return this.services.chains();
  }

  activeFreezes(): Promise<ActiveFreezes> {
    return this.services.activeFreezes();
  }

  transitions(): Promise<PromotionTransitions> {
    return this.services.transitions();
  }

  latest(): Promise<LatestPointers> {
    return this.services.latest();
  }

  queue<T>(name: string): Promise<Queue<T>> {
    return this.services.queue<T>(name);
  }

  producer(): Promise<PushEventProducer> {
    return this.services.producer();
  }

  explainSources(): Promise<ExplainSources> {
    return this.services.explainSources();
  }

  promotionsQueue(): Promise<Queue<PromotionJobData>> {
    return this.queue<PromotionJobData>(QUEUE_NAMES.promotions);
  }

  async close(): Promise<void> {
    await this.opened?.close();
  }
}
