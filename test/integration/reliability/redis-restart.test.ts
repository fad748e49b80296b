import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '@auto-promote/config';
import { promotionId } from '@auto-promote/domain';
import { createLogger } from '@auto-promote/observability';
import { QUEUE_NAMES } from '@auto-promote/queues';
import { RedisPolicyError, startService } from '@auto-promote/runtime';
import { PrivateRedis } from '../../support/private-redis';
import { LogCapture, postWebhook, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

let redis: PrivateRedis | undefined;
let stack: Stack | undefined;
afterEach(async () => {
  await redis?.resume().catch(() => undefined);
  await stack?.stop();
  await redis?.stop();
  stack = undefined;
  redis = undefined;
});

const baseEnv = {
  GITLAB_URL: 'http://127.0.0.1:9',
  GITLAB_TOKEN: 't',
  GITLAB_WEBHOOK_SECRET: 's',
  GITLAB_PROJECT: 'p/r',
  JENKINS_URL: 'http://127.0.0.1:9',
  JENKINS_USER: 'u',
  JENKINS_API_TOKEN: 't',
  PORT: '0',
  HOST: '127.0.0.1',
};

describe('Redis', () => {
  it('refuses to start on an evicting Redis unless told to accept the risk', async () => {
    redis = await PrivateRedis.start({
      args: ['--save', '', '--appendonly', 'no', '--maxmemory-policy', 'allkeys-lru'],
    });
    const config = loadConfig({ env: { ...baseEnv, REDIS_URL: redis.url } });
    const silent = createLogger({ level: 'silent' });
    await expect(startService(config, { roles: ['ingress'], logger: silent })).rejects.toBeInstanceOf(
      RedisPolicyError,
    );
    const logs = new LogCapture();
    const allowed = loadConfig({ env: { ...baseEnv, REDIS_URL: redis.url, REDIS_ALLOW_EVICTION: 'true' } });
    const service = await startService(allowed, {
      roles: ['ingress'],
      logger: createLogger({ destination: logs }),
    });
    await service.close();
    expect(logs.text).toContain('Redis may evict keys');
    expect(logs.text).toContain('without AOF');
  });

  it('keeps every acknowledged event across a crash of an AOF Redis, and the service recovers by itself', async () => {
    redis = await PrivateRedis.start({ args: ['--save', '', '--appendonly', 'yes'] });
    stack = await startStack({ name: 'aof', roles: ['ingress'], hook: false, env: { REDIS_URL: redis.url } });
    const accepted: string[] = [];
    let before = stack.project.branchHead('dev')!;
    for (let i = 0; i < 20; i += 1) {
      const after = await stack.commitApps('dev', { exampleApp: `10.0.${i}` });
      const payload = await stack.gitlab.buildPushPayload(stack.project, {
        ref: 'refs/heads/dev',
        before,
        after,
      });
      const response = await postWebhook(stack.url, payload);
      expect(response.status).toBe(202);
      accepted.push(String(response.body['eventId']));
      before = after;
    }
    await redis.kill(); // SIGKILL right after the last acknowledgement
    await redis.resume();
    await waitFor(
      'the ingress to be ready again',
      async () => (await fetch(`${stack!.url}/readyz`)).status === 200,
    );
    const queue = new Queue(QUEUE_NAMES.pushEvents, { connection: stack.redis, prefix: stack.prefix });
    const ids = (await queue.getJobs(['waiting', 'active', 'delayed', 'completed'])).map((j) => j.id);
    await queue.close();
    expect(ids.sort()).toEqual([...accepted].sort());
  });

  it('workers pick up again after Redis restarts', async () => {
    redis = await PrivateRedis.start({ args: ['--save', '', '--appendonly', 'yes'] });
    stack = await startStack({ name: 'redis-restart', env: { REDIS_URL: redis.url } });
    const first = await stack.commitApps('dev', { exampleApp: '11.0.0' });
    await stack.settled([
      promotionId({ app: 'exampleApp', sourceEnv: 'dev', targetEnv: 'stage', sha: first }),
    ]);
    await redis.kill();
    await redis.resume();
    await waitFor(
      'the ingress to be ready again',
      async () => (await fetch(`${stack!.url}/readyz`)).status === 200,
    );
    const second = await stack.commitApps('dev', { exampleApp: '11.0.1' });
    const [record] = await stack.settled(
      [promotionId({ app: 'exampleApp', sourceEnv: 'dev', targetEnv: 'stage', sha: second })],
      20_000,
    );
    expect(record?.status).toBe('succeeded');
  });
});
