import type { RedisClient } from '@auto-promote/redis';
import { createLogger } from '@auto-promote/observability';
import { whenRedisReady, type OpenOperatorServices } from '@auto-promote/operations';
import { previewPush } from '@auto-promote/planner';
import { explainSources } from './explain-sources';
import { createInfrastructure } from './infrastructure';

/**
 * The operator CLI's services, composed from the same infrastructure factory as the service: the same
 * Sentinel- and Cluster-aware connection, stores, queues and clients. Redis is awaited (bounded) before any store or
 * queue is handed out, so a command fails with one clear line when Redis is away instead of hanging.
 */
export const openOperatorServices: OpenOperatorServices = (config, io) => {
  const infra = createInfrastructure(config, {
    clientName: 'cli',
    clock: io.now,
    // Operator commands print their own output; connection errors surface on the commands themselves.
    logger: createLogger({ level: 'silent', destination: { write: () => undefined } }),
  });
  let ready: Promise<RedisClient> | undefined;
  const redis = (): Promise<RedisClient> => {
    ready ??= whenRedisReady(infra.redis, config);
    return ready;
  };
  return {
    gitlab: () => infra.gitlab(),
    jenkins: () => infra.jenkins(),
    redis,
    promotions: () => redis().then(() => infra.promotions),
    freezes: () => redis().then(() => infra.freezes),
    blocks: () => redis().then(() => infra.blocks),
    chains: () => redis().then(() => infra.chains),
    activeFreezes: () => redis().then(() => infra.activeFreezes),
    transitions: () => redis().then(() => infra.transitions),
    latest: () => redis().then(() => infra.latest),
    queue: (name) => redis().then(() => infra.queue(name)),
    producer: () => redis().then(() => infra.producer),
    previewPush,
    explainSources: () => redis().then(() => explainSources(infra)),
    close: () => infra.close(),
  };
};
