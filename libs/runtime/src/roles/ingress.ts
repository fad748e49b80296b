import type express from 'express';
import type { RedisClient } from '@auto-promote/redis';
import { createIngressApp, type AdminRoutes } from '@auto-promote/ingress';
import { explainChange, type ExplainSources } from '@auto-promote/operations';
import { explainSources } from '../explain-sources';
import type { Infrastructure } from '../infrastructure';

/** What the HTTP host serving the ingress hands it. */
export interface IngressHost {
  /** False once the process shuts down: readiness and new webhooks then answer 503. */
  accepting: () => boolean;
  adminRoutes?: AdminRoutes;
}

/** The ingress, composed: the HTTP host serves its app and stops serving it on shutdown. */
export interface IngressRole {
  /** Readiness follows the producer's connection: it says whether an event can be stored right now. */
  readonly redis: RedisClient;
  app(host: IngressHost): express.Express;
}

/**
 * The ingress role: GitLab's webhooks onto the push-events queue through a fail-fast producer, the
 * promotions API and Bull Board over every queue of the process.
 */
export function startIngress(infra: Infrastructure): IngressRole {
  const { producer, redis } = infra.webhookProducer();
  let sources: ExplainSources | undefined;
  return {
    redis,
    app: (host) =>
      createIngressApp({
        ...host,
        config: infra.config,
        producer,
        redis,
        promotions: infra.promotions,
        queues: infra.queues(),
        metrics: infra.metrics,
        logger: infra.logger,
        explain: (input) => explainChange((sources ??= explainSources(infra)), input, new Date()),
      }),
  };
}
