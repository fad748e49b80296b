import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSentinel, type SentinelSetup } from '../../support/sentinel';
import { openEventStream } from '../../support/sse';
import { adminHeaders, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

/**
 * The board's live updates when Redis is reached through Sentinel: its subscriber must find the master
 * the way every other connection of the service does, or the page never hears of a change.
 */
let sentinel: SentinelSetup;
let stack: Stack | undefined;

beforeAll(async () => {
  sentinel = await startSentinel();
  stack = await startStack({ name: 'board-sentinel', env: sentinel.env });
});

afterAll(async () => {
  await stack?.stop().catch(() => undefined);
  await sentinel.stop();
});

describe('board live updates over Redis Sentinel', () => {
  it('announces a promotion planned on the master the sentinel names', async () => {
    const stream = await openEventStream(`${stack!.url}/api/events`, adminHeaders());
    try {
      expect(stream.status).toBe(200);
      await waitFor('the ready event', () => stream.events.some((e) => e.includes('event: ready')));
      await stack!.commitApps('dev', { exampleApp: '12.0.1' });
      await waitFor(
        'a promotion change on the stream',
        () => stream.events.some((e) => e.includes('event: change') && e.includes('promotion')),
        { timeoutMs: 5_000 },
      );
    } finally {
      stream.close();
    }
  });
});
