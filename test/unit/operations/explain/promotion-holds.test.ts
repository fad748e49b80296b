import { describe, expect, it } from 'vitest';
import { newPromotionRecord, type PromotionHistoryEntry, type PromotionRecord } from '@auto-promote/domain';
import { promotionHolds, verdictFor } from '@auto-promote/operations';

const base = newPromotionRecord(
  {
    id: 'app~dev~stage~abc',
    app: 'app',
    appName: 'app',
    sourceEnv: 'dev',
    targetEnv: 'stage',
    sha: 'a'.repeat(40),
    imageTag: '1.2.3',
    eventId: 'ev',
    source: 'webhook',
  },
  new Date('2026-01-01T00:00:00Z'),
);
const rec = (patch: Partial<PromotionRecord>): PromotionRecord => ({ ...base, ...patch });
const entry = (at: string, event: PromotionHistoryEntry['event'], note: string | null = null) =>
  ({ at, event, from: 'planned', to: 'planned', note }) as PromotionHistoryEntry;
const closed = { failures: 0, open: false, nextProbeInMs: 0, triggersLastSecond: 0 };

describe('promotionHolds', () => {
  it('merges the re-marks of one freeze and ends it at its release', () => {
    const history = [
      entry('t0', 'recorded'),
      entry('t1', 'hold', 'held: a'),
      entry('t2', 'hold', 'held: a'),
      entry('t3', 'hold', 'held: b'),
      entry('t4', 'release'),
    ];
    expect(promotionHolds(rec({}), history, null)).toEqual([
      { kind: 'freeze', active: false, text: 'held: a', since: 't1', until: 't3' },
      { kind: 'freeze', active: false, text: 'held: b', since: 't3', until: 't4' },
    ]);
  });

  it('marks a freeze still holding as active', () => {
    const frozen = { reason: 'r', until: null, since: 't1' };
    const holds = promotionHolds(rec({ frozen }), [entry('t1', 'hold', 'held: r')], {
      gate: { ...closed, open: true, failures: 5 },
      maxTriggersPerSecond: 0,
    });
    // The circuit is not named while a freeze holds it: the freeze is what it waits for.
    expect(holds).toEqual([{ kind: 'freeze', active: true, text: 'held: r', since: 't1', until: null }]);
  });

  it('names failed attempts, then the open circuit or the rate limit of a planned promotion', () => {
    const history = [
      entry('t0', 'recorded'),
      entry('t1', 'attempt-failed', 'refused'),
      entry('t2', 'attempt-failed', 'refused again'),
    ];
    const open = promotionHolds(rec({ lastError: 'x' }), history, {
      gate: { ...closed, open: true, failures: 4, nextProbeInMs: 1500 },
      maxTriggersPerSecond: 5,
    });
    expect(open.map((h) => [h.kind, h.active])).toEqual([
      ['jenkins-retry', true],
      ['circuit-open', true],
    ]);
    expect(open[0]?.text).toBe('2 failed Jenkins call(s); last: refused again');
    expect(open[1]?.text).toContain('next probe in 2 s');
    const limited = promotionHolds(rec({}), [], {
      gate: { ...closed, triggersLastSecond: 5 },
      maxTriggersPerSecond: 5,
    });
    expect(limited.map((h) => h.kind)).toEqual(['rate-limit']);
    expect(
      promotionHolds(rec({}), [], { gate: { ...closed, triggersLastSecond: 5 }, maxTriggersPerSecond: 0 }),
    ).toEqual([]);
  });

  it('ends the retry hold at the trigger that followed', () => {
    const history = [entry('t1', 'attempt-failed', 'down'), entry('t2', 'intend'), entry('t3', 'triggered')];
    const [hold] = promotionHolds(rec({ status: 'succeeded' }), history, null);
    expect(hold).toMatchObject({ kind: 'jenkins-retry', active: false, since: 't1', until: 't3' });
  });

  it('names the end of a promotion that went nowhere', () => {
    const horizon = 'Jenkins could not be reached within JENKINS_RETRY_HORIZON; last error: x';
    expect(promotionHolds(rec({ status: 'abandoned', reason: horizon }), [], null)[0]?.kind).toBe(
      'retry-horizon',
    );
    expect(promotionHolds(rec({ status: 'abandoned', reason: 'job missing' }), [], null)[0]?.kind).toBe(
      'jenkins-retry',
    );
    const superseded = promotionHolds(
      rec({ status: 'superseded', supersededBy: 'newer', reason: 'newer commit' }),
      [],
      null,
    );
    expect(superseded[0]).toMatchObject({ kind: 'superseded', text: 'newer commit (by newer)' });
    expect(promotionHolds(rec({ status: 'skipped', reason: 'opted out' }), [], null)[0]?.kind).toBe(
      'skipped',
    );
    expect(promotionHolds(rec({ status: 'skipped', reason: 'blocked: bad build' }), [], null)[0]?.kind).toBe(
      'block',
    );
    const queued = rec({ status: 'triggered', jenkins: { ...base.jenkins, queueId: 42 } });
    expect(promotionHolds(queued, [entry('t5', 'triggered')], null)[0]).toMatchObject({
      kind: 'jenkins-queue',
      since: 't5',
    });
  });
});

describe('verdictFor', () => {
  it('says where the promotion stands in one line', () => {
    const jenkins = { ...base.jenkins, buildNumber: 7, result: 'FAILURE' };
    expect(verdictFor(rec({ status: 'succeeded', jenkins: { ...jenkins, result: 'SUCCESS' } }), [])).toBe(
      'app 1.2.3 → stage: promoted — Jenkins build #7 succeeded',
    );
    expect(verdictFor(rec({ status: 'failed', jenkins }), [])).toBe(
      'app 1.2.3 → stage: Jenkins build #7 ended FAILURE; `auto-promote retry app~dev~stage~abc` sends it again',
    );
    expect(verdictFor(rec({}), [])).toMatch(/planned; a dispatcher takes it next/);
    const skipped = rec({ status: 'skipped', reason: 'unchanged' });
    expect(verdictFor(skipped, promotionHolds(skipped, [], null))).toBe(
      'app 1.2.3 → stage: skipped — unchanged',
    );
  });
});
