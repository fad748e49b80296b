import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promotionId } from '@auto-promote/domain';
import { startSentinel, type SentinelSetup } from '../../support/sentinel';
import { startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

/** Redis HA through Sentinel: the service finds the master by asking a real redis-sentinel. */
let sentinel: SentinelSetup;

beforeAll(async () => {
  sentinel = await startSentinel();
});

afterAll(async () => {
  await sentinel.stop();
});

describe('Redis Sentinel', () => {
  it('runs the whole pipeline on the master a sentinel names', async () => {
    let stack: Stack | undefined;
    try {
      // A URL pointing nowhere: only the sentinel can lead the service to the master.
      stack = await startStack({ name: 'sentinel', env: sentinel.env });
      const sha = await stack.commitApps('dev', { exampleApp: '12.0.0' });
      const id = promotionId({ app: 'exampleApp', sourceEnv: 'dev', targetEnv: 'stage', sha });
      const direct = new Redis(sentinel.master.url);
      const record = await waitFor('the record on the master', async () => {
        const raw = await direct.get(`${stack!.prefix}:promotion:${id}`);
        const parsed = raw ? (JSON.parse(raw) as { status: string }) : null;
        return parsed?.status === 'succeeded' ? parsed : undefined;
      });
      direct.disconnect();
      expect(record.status).toBe('succeeded');
    } finally {
      await stack?.stop().catch(() => undefined);
    }
  });
});
