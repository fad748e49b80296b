import { DelayedError, type Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { newPromotionRecord, type PromotionEvent, type PromotionRecord } from '@auto-promote/domain';
import { passFreeze, type FreezeHold } from '@auto-promote/dispatcher';
import { createLogger } from '@auto-promote/observability';
import type { PromotionTransitions } from '@auto-promote/records';

const NOW = Date.parse('2026-12-05T12:00:00Z');
const UNTIL = '2026-12-07T07:00:00.000Z';
const CALENDAR: FreezeHold = {
  kind: 'gitlab-calendar',
  by: null,
  reason: `GitLab deploy freeze until ${UNTIL}`,
  until: UNTIL,
};

function fixture(hold: FreezeHold | null) {
  const events: PromotionEvent[] = [];
  const parkedAt: number[] = [];
  const job = {
    moveToDelayed: (at: number) => {
      parkedAt.push(at);
      return Promise.resolve();
    },
  } as unknown as Job;
  const transitions = {
    apply: (record: PromotionRecord, event: PromotionEvent) => {
      events.push(event);
      const frozen = event.kind === 'hold' ? event.frozen : null;
      return Promise.resolve({ kind: 'applied', record: { ...record, frozen }, from: record.status });
    },
  } as unknown as PromotionTransitions;
  const deps = {
    freezes: { get: () => Promise.resolve(hold) },
    transitions,
    logger: createLogger({ level: 'silent' }),
  };
  return { events, parkedAt, job, deps };
}

const record = (frozen: PromotionRecord['frozen'] = null): PromotionRecord => ({
  ...newPromotionRecord(
    {
      id: 'exampleApp~stage~prod~0123abcd',
      app: 'exampleApp',
      appName: 'exampleApp',
      sourceEnv: 'stage',
      targetEnv: 'prod',
      sha: '0123abcd0123abcd0123abcd0123abcd0123abcd',
      imageTag: '1.0.0',
      eventId: 'e1',
      source: 'webhook',
    },
    new Date(NOW - 60_000),
  ),
  frozen,
});

describe('passFreeze', () => {
  it('marks a promotion held by the GitLab calendar with its kind and end, and parks it', async () => {
    const { events, parkedAt, job, deps } = fixture(CALENDAR);
    await expect(passFreeze(job, 't', record(), deps, NOW)).rejects.toBeInstanceOf(DelayedError);
    expect(events).toEqual([
      {
        kind: 'hold',
        frozen: {
          kind: 'gitlab-calendar',
          by: null,
          reason: CALENDAR.reason,
          until: UNTIL,
          since: '2026-12-05T12:00:00.000Z',
        },
      },
    ]);
    expect(parkedAt).toEqual([NOW + 5_000]);
  });

  it('re-marks a promotion when what holds it changes (operator → calendar), keeping since', async () => {
    const since = '2026-12-05T11:00:00.000Z';
    const { events, job, deps } = fixture(CALENDAR);
    const held = record({ kind: 'operator', by: 'alice', reason: 'release train', until: null, since });
    await expect(passFreeze(job, 't', held, deps, NOW)).rejects.toBeInstanceOf(DelayedError);
    expect(events).toEqual([
      { kind: 'hold', frozen: expect.objectContaining({ kind: 'gitlab-calendar', since }) },
    ]);
  });

  it('leaves an unchanged mark alone, and reads a mark without kind as an operator freeze', async () => {
    const since = '2026-12-05T11:00:00.000Z';
    const operator: FreezeHold = { reason: 'release train', until: null, by: null };
    const { events, job, deps } = fixture(operator);
    const legacy = record({ reason: 'release train', until: null, since });
    await expect(passFreeze(job, 't', legacy, deps, NOW)).rejects.toBeInstanceOf(DelayedError);
    expect(events).toEqual([]);
  });

  it('releases a held promotion once nothing holds its target', async () => {
    const { events, job, deps } = fixture(null);
    const held = record({
      ...CALENDAR,
      kind: 'gitlab-calendar',
      by: null,
      since: '2026-12-05T11:00:00.000Z',
    });
    const released = await passFreeze(job, 't', held, deps, NOW);
    expect(events).toEqual([{ kind: 'release', at: '2026-12-05T12:00:00.000Z' }]);
    expect(released?.frozen).toBeNull();
  });
});
