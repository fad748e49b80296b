import { Queue } from 'bullmq';
import type { Config } from '@auto-promote/config';
import { GitLabClient } from '@auto-promote/gitlab';
import { JenkinsClient } from '@auto-promote/jenkins';
import { createLogger, Metrics, type Logger } from '@auto-promote/observability';
import {
  PushEventProducer,
  QUEUE_NAMES,
  feedbackNotifier,
  type FeedbackJobData,
  type PushEventJobData,
} from '@auto-promote/queues';
import {
  BlockStore,
  HookHealthStore,
  ChangeChains,
  ActiveFreezes,
  EventStore,
  FreezeStore,
  LatestPointers,
  MergeRequestRecorder,
  OpenMergeRequests,
  PromotionStore,
  PromotionTransitions,
} from '@auto-promote/records';
import { createRedisConnection, type ConnectionRole, type RedisClient } from '@auto-promote/redis';
import { createActiveFreezes } from './active-freezes';
import { changeObserver } from './change-observer';
import { feedbackEnabled, serviceQueueNames } from './service-queues';

export interface InfrastructureOptions {
  /** Default: a logger at LOG_LEVEL named `name`. */
  logger?: Logger;
  /** The logger's name when none is given (the roles a process runs). */
  name?: string;
  /** Default: a registry of its own. */
  metrics?: Metrics;
  /** Name of the shared connection, `auto-promote:<name>` in CLIENT LIST. Default `client`. */
  clientName?: string;
  /** The stores' clock; the real time by default. */
  clock?: () => Date;
}

/** A push-event producer that fails fast, and the connection it runs on. */
export interface WebhookProducer {
  producer: PushEventProducer;
  redis: RedisClient;
}

/**
 * Everything a process of auto-promote talks to, built from the configuration in one place: Redis
 * connections (always with the Sentinel or Cluster settings when configured), BullMQ queues, the record stores, the
 * GitLab and Jenkins clients, logger and metrics. Parts are made on first use, so the CLI opens only what
 * its command needs; `close()` closes whatever was opened. The service's roles, the operator CLI, the
 * sandbox, the tests and the benchmarks all compose themselves from this.
 */
export class Infrastructure {
  readonly prefix: string;
  private readonly connections: RedisClient[] = [];
  private readonly named = new Map<string, Queue>();
  /** Queues made elsewhere (the reconciler's): listed and closed with the named ones. */
  private readonly adopted: Queue[] = [];
  /** Queues on connections of their own (the webhook producer's): closed, not listed. */
  private readonly unlisted: Queue[] = [];
  #logger: Logger | undefined;
  #metrics: Metrics | undefined;
  #redis: RedisClient | undefined;
  #promotions: PromotionStore | undefined;
  #events: EventStore | undefined;
  #freezes: FreezeStore | undefined;
  #blocks: BlockStore | undefined;
  #activeFreezes: ActiveFreezes | undefined;
  #hookHealth: HookHealthStore | undefined;
  #transitions: PromotionTransitions | undefined;
  #latest: LatestPointers | undefined;
  #mergeRequests: MergeRequestRecorder | undefined;
  #chains: ChangeChains | undefined;
  #producer: PushEventProducer | undefined;
  #closing: Promise<void> | undefined;

  constructor(
    readonly config: Config,
    private readonly options: InfrastructureOptions = {},
  ) {
    this.prefix = config.redis.prefix;
  }

  get logger(): Logger {
    this.#logger ??=
      this.options.logger ?? createLogger({ level: this.config.logLevel, name: this.options.name });
    return this.#logger;
  }

  get metrics(): Metrics {
    this.#metrics ??= this.options.metrics ?? new Metrics();
    return this.#metrics;
  }

  /** The shared connection: records, queue producers, queries. */
  get redis(): RedisClient {
    this.#redis ??= this.connect('client', this.options.clientName ?? 'client');
    return this.#redis;
  }

  get promotions(): PromotionStore {
    this.#promotions ??= new PromotionStore(this.redis, this.prefix, {
      retentionDays: this.config.retention.recordDays,
      clock: this.options.clock,
    });
    return this.#promotions;
  }

  get events(): EventStore {
    this.#events ??= new EventStore(this.redis, this.prefix, {
      retentionDays: this.config.retention.recordDays,
    });
    return this.#events;
  }

  get freezes(): FreezeStore {
    this.#freezes ??= new FreezeStore(this.redis, this.prefix, { clock: this.options.clock });
    return this.#freezes;
  }

  /** What the reconciler last saw of auto-promote's GitLab hook: metrics, board, `doctor`, `explain`. */
  get hookHealth(): HookHealthStore {
    this.#hookHealth ??= new HookHealthStore(this.redis, this.prefix);
    return this.#hookHealth;
  }

  /** Quarantined versions: read by the planner and the dispatcher at every decision. */
  get blocks(): BlockStore {
    this.#blocks ??= new BlockStore(this.redis, this.prefix, { clock: this.options.clock });
    return this.#blocks;
  }

  /** Operators' freezes and GitLab's Deploy Freeze calendar together (see `createActiveFreezes`). */
  get activeFreezes(): ActiveFreezes {
    this.#activeFreezes ??= createActiveFreezes(this, this.options.clock);
    return this.#activeFreezes;
  }

  /**
   * The one way a promotion's status changes: the store's atomic `apply`, then the transition metric and —
   * when feedback is on — GitLab feedback queued for the push (never failing a promotion).
   */
  get transitions(): PromotionTransitions {
    this.#transitions ??= new PromotionTransitions(this.promotions, {
      each: [
        (record, from) => {
          if (from !== record.status) this.metrics.promotionTransitions.inc({ status: record.status });
        },
        this.changeObserver(),
      ],
      feedback: feedbackEnabled(this.config) ? [this.feedbackNotifier()] : [],
    });
    return this.#transitions;
  }

  /** Where promotions' merge requests are recorded, with the index of open ones per target (issue 17). */
  get mergeRequestRecorder(): MergeRequestRecorder {
    this.#mergeRequests ??= new MergeRequestRecorder(
      this.transitions,
      new OpenMergeRequests(this.redis, this.prefix, this.config.retention.recordDays * 86_400),
    );
    return this.#mergeRequests;
  }

  /** The chain of a change: merge request and merge commit indexes, previous → next links. */
  get chains(): ChangeChains {
    this.#chains ??= new ChangeChains(this.redis, this.prefix, this.promotions, this.events, {
      retentionDays: this.config.retention.recordDays,
      map: this.config.promotion.map,
    });
    return this.#chains;
  }

  /** Indexes each promotion's change and observes lead time once per merged merge request. */
  changeObserver(): ReturnType<typeof changeObserver> {
    const { chains, metrics, logger } = this;
    return changeObserver({
      chains,
      metrics,
      logger,
      appLabel: this.config.metrics.appLabel,
      clock: this.options.clock,
    });
  }

  /** The latest promotion per app and target (latest wins, same content once). */
  get latest(): LatestPointers {
    this.#latest ??= new LatestPointers(this.redis, this.prefix);
    return this.#latest;
  }

  /** Queues the GitLab feedback of a push; a failure to queue is counted and logged, never thrown. */
  feedbackNotifier(): (eventId: string) => Promise<void> {
    return feedbackNotifier(
      this.queue<FeedbackJobData>(QUEUE_NAMES.feedback),
      (error, eventId) => {
        this.metrics.gitlabFeedback.inc({ kind: 'status', outcome: 'failed' });
        this.logger.warn({ eventId, error: error.message }, 'could not queue GitLab feedback');
      },
      this.config.gitlab.feedback.delayMs,
    );
  }

  /** Push events onto their queue over the shared connection (the reconciler, manual promotions, replays). */
  get producer(): PushEventProducer {
    this.#producer ??= new PushEventProducer(
      this.queue<PushEventJobData>(QUEUE_NAMES.pushEvents),
      this.redis,
      this.prefix,
    );
    return this.#producer;
  }

  /**
   * The webhook path's producer: a connection of its own with no offline queue and no retry, so an event
   * Redis cannot take is answered 503 at once instead of being buffered in memory while Redis is away.
   */
  webhookProducer(name = 'producer'): WebhookProducer {
    const redis = this.connect('producer', name);
    const queue = new Queue<PushEventJobData>(QUEUE_NAMES.pushEvents, {
      connection: redis,
      prefix: this.prefix,
    });
    this.unlisted.push(queue);
    return { producer: new PushEventProducer(queue, redis, this.prefix), redis };
  }

  /**
   * A further connection (a worker's blocking one, a subscriber), with the Sentinel or Cluster settings when configured.
   * `role` decides how it behaves while Redis is away (see createRedisConnection). Closed by `close()`.
   */
  connect(role: ConnectionRole, name: string): RedisClient {
    const { url, sentinel, cluster } = this.config.redis;
    const connection = createRedisConnection(url, role, name, { sentinel, cluster });
    connection.on('error', (error: Error) =>
      this.logger.debug({ connection: name, error: error.message }, 'Redis connection error'),
    );
    this.connections.push(connection);
    return connection;
  }

  /** The queue of that name on the shared connection; one instance per name. */
  queue<T>(name: string): Queue<T> {
    let queue = this.named.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.redis, prefix: this.prefix });
      this.named.set(name, queue);
    }
    return queue as Queue<T>;
  }

  /** Lists and closes a queue made elsewhere (the reconciler makes its own). */
  adopt(queue: Queue): void {
    this.adopted.push(queue);
  }

  /** The service's queues and the adopted ones, for Bull Board and the queue gauges. */
  queues(): Queue[] {
    for (const name of serviceQueueNames(this.config)) this.queue(name);
    return [...this.named.values(), ...this.adopted];
  }

  /** A GitLab client timed into the metrics (each caller gets its own request budget). */
  gitlab(): GitLabClient {
    const { gitlab } = this.config;
    return new GitLabClient({
      url: gitlab.url,
      token: gitlab.token,
      timeoutMs: gitlab.timeoutMs,
      instrument: (operation, call) => this.metrics.time(this.metrics.gitlabRequests, operation, call),
    });
  }

  /** A Jenkins client timed into the metrics. */
  jenkins(): JenkinsClient {
    const { jenkins } = this.config;
    return new JenkinsClient({
      url: jenkins.url,
      user: jenkins.user,
      apiToken: jenkins.apiToken,
      job: jenkins.job,
      timeoutMs: jenkins.timeoutMs,
      instrument: (operation, call) => this.metrics.time(this.metrics.jenkinsRequests, operation, call),
    });
  }

  /** Closes every queue, then every connection: QUIT when it is up, at once when it is not. Never throws. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      const queues = [...this.named.values(), ...this.adopted, ...this.unlisted];
      await Promise.all(
        queues.map((q) =>
          q
            .close()
            .catch((error: Error) =>
              this.logger.debug({ queue: q.name, error: error.message }, 'queue close failed'),
            ),
        ),
      );
      await Promise.all(this.connections.map(closeConnection));
    })();
    return this.#closing;
  }
}

/** QUIT when the connection is up (pending replies arrive first), else drop it at once. */
async function closeConnection(connection: RedisClient): Promise<void> {
  if (connection.status !== 'ready') return connection.disconnect();
  await connection.quit().catch(() => connection.disconnect());
}

export function createInfrastructure(config: Config, options: InfrastructureOptions = {}): Infrastructure {
  return new Infrastructure(config, options);
}
