import { describe, expect, it } from 'vitest';
import {
  CONTENT_HOLDING_STATUSES,
  PROMOTION_STATUSES,
  TERMINAL_STATUSES,
  TRANSITIONS,
  canApply,
  changesFeedback,
  isRetryable,
  isTerminal,
  newPromotionRecord,
  retryHorizonPassed,
  transitionFor,
  type PromotionEvent,
  type PromotionMergeRequest,
  type PromotionStatus,
} from '@auto-promote/domain';

const at = '2026-12-03T10:00:00.000Z';
const audit = { at, fromStatus: 'failed' as const, reason: null, lastError: null, buildUrl: null };
function mergeRequest(state: PromotionMergeRequest['state']): PromotionMergeRequest {
  return {
    iid: state === 'none' ? null : 4,
    url: state === 'none' ? null : 'https://gitlab.example.com/p2c/k8s-deployments/-/merge_requests/4',
    state,
    sourceBranch: 'promote-stage-1.2.3',
    openedAt: state === 'none' ? null : at,
    mergedAt: state === 'merged' ? at : null,
    mergeCommitSha: state === 'merged' ? 'a'.repeat(40) : null,
    reason: state === 'none' ? 'the build opened none' : null,
  };
}

/** One event of every kind. */
const EVENTS: PromotionEvent[] = [
  { kind: 'hold', frozen: { reason: 'release week', until: null, since: at } },
  { kind: 'release', at },
  { kind: 'intend', at },
  { kind: 'attempt-failed', error: 'ECONNREFUSED', attempts: 1, mayHaveReachedJenkins: false },
  { kind: 'triggered', queueId: 7, queueUrl: 'q/7/' },
  { kind: 'build-started', buildNumber: 3, buildUrl: 'b/3/' },
  { kind: 'build-finished', result: 'SUCCESS', buildNumber: 3, buildUrl: 'b/3/' },
  { kind: 'supersede', by: 'newer', reason: 'a newer commit' },
  { kind: 'abandon', reason: 'gave up' },
  { kind: 'retry', at, audit, retries: [audit] },
  { kind: 'merge-request', mergeRequest: mergeRequest('opened') },
  { kind: 'block', block: { id: '3', by: 'alice', reason: 'CVE-2026-1' }, reason: 'blocked: CVE-2026-1' },
  { kind: 'unblock', at },
  { kind: 'link', previous: 'web~dev~stage~1' },
];

const mark = { id: '3', by: 'alice', reason: 'CVE-2026-1' };
const record = (
  status: PromotionStatus,
  triggerIntentAt: string | null = null,
  blockedBy: typeof mark | null = null,
) => ({ status, triggerIntentAt, blockedBy });

describe('promotion lifecycle', () => {
  it('has a rule for every event kind, and every rule names only known statuses', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual(EVENTS.map((e) => e.kind).sort());
    for (const rule of Object.values(TRANSITIONS))
      for (const from of rule.from) expect(PROMOTION_STATUSES).toContain(from);
  });

  it('never moves a promotion out of a terminal status by itself; only an operator retry does', () => {
    for (const status of TERMINAL_STATUSES) {
      const moving = EVENTS.filter((e) => {
        const to = transitionFor(e).to;
        return canApply(record(status), e) && to !== null && to !== status;
      });
      expect(moving.map((e) => e.kind)).toEqual(isRetryable(status) ? ['retry'] : []);
    }
  });

  it('links a promotion late in any status, once, without changing its status', () => {
    const link = EVENTS.find((e) => e.kind === 'link')!;
    for (const status of PROMOTION_STATUSES) {
      expect(canApply({ ...record(status), previous: null }, link)).toBe(true);
      expect(canApply({ ...record(status), previous: 'other' }, link)).toBe(false);
    }
    expect(transitionFor(link)).toMatchObject({
      to: null,
      guard: 'unlinked',
      patch: { previous: 'web~dev~stage~1' },
    });
    expect(transitionFor(link).patch).not.toHaveProperty('status');
  });

  it('sends a promotion skipped by a block back to planned (unblock), and no other skip', () => {
    const unblock = EVENTS.find((e) => e.kind === 'unblock')!;
    expect(canApply(record('skipped', null, mark), unblock)).toBe(true);
    expect(canApply(record('skipped'), unblock)).toBe(false);
    expect(canApply(record('superseded', null, mark), unblock)).toBe(false);
    expect(transitionFor(unblock)).toMatchObject({
      to: 'planned',
      guard: 'blocked',
      patch: {
        status: 'planned',
        blockedBy: null,
        reason: null,
        triggerIntentAt: null,
        retryHorizonFrom: at,
      },
    });
  });

  it('skips a planned promotion for a block only while nothing may have reached Jenkins', () => {
    const block = EVENTS.find((e) => e.kind === 'block')!;
    expect(canApply(record('planned'), block)).toBe(true);
    expect(canApply(record('planned', at), block)).toBe(false);
    expect(canApply(record('triggered'), block)).toBe(false);
    expect(transitionFor(block)).toMatchObject({
      to: 'skipped',
      guard: 'no-trigger-intent',
      patch: { status: 'skipped', reason: 'blocked: CVE-2026-1', blockedBy: mark, frozen: null },
    });
  });

  it.each([
    [
      'planned',
      ['hold', 'release', 'intend', 'attempt-failed', 'triggered', 'supersede', 'abandon', 'block'],
    ],
    ['triggered', ['build-started', 'build-finished', 'abandon']],
    ['building', ['build-finished']],
    ['succeeded', ['merge-request']],
    ['failed', ['retry']],
    ['abandoned', ['retry']],
    ['superseded', []],
    ['skipped', []],
  ] as const)('from %s allows exactly %j (and link, from every status)', (status, kinds) => {
    expect(EVENTS.filter((e) => canApply(record(status), e)).map((e) => e.kind)).toEqual([...kinds, 'link']);
  });

  it('never supersedes a promotion whose trigger may have reached Jenkins', () => {
    const supersede = EVENTS.find((e) => e.kind === 'supersede')!;
    expect(canApply(record('planned'), supersede)).toBe(true);
    expect(canApply(record('planned', at), supersede)).toBe(false);
    expect(TRANSITIONS.intend.guard).toBe('latest');
  });

  it('leads each event to its status and writes what the record needs', () => {
    const to = Object.fromEntries(EVENTS.map((e) => [e.kind, transitionFor(e).to]));
    expect(to).toEqual({
      hold: 'planned',
      release: 'planned',
      intend: 'planned',
      'attempt-failed': 'planned',
      triggered: 'triggered',
      'build-started': 'building',
      'build-finished': 'succeeded',
      supersede: 'superseded',
      abandon: 'abandoned',
      retry: 'planned',
      'merge-request': 'succeeded',
      block: 'skipped',
      unblock: 'planned',
      link: null,
    });
    const failed = transitionFor({
      kind: 'build-finished',
      result: 'FAILURE',
      buildNumber: 4,
      buildUrl: null,
    });
    expect(failed.to).toBe('failed');
    expect(failed.patch.reason).toBe('Jenkins build #4 ended FAILURE');
    expect(transitionFor(EVENTS[7]!).patch).toMatchObject({ supersededBy: 'newer', frozen: null });
    const retry = transitionFor(EVENTS[9]!).patch;
    expect(retry).toMatchObject({ status: 'planned', triggerIntentAt: null, retryHorizonFrom: at });
    expect(retry.jenkins).toEqual({
      queueUrl: null,
      queueId: null,
      buildNumber: null,
      buildUrl: null,
      result: null,
    });
  });

  it('keeps the trigger intent after a failure that may have reached Jenkins, and clears it otherwise', () => {
    const failure = (mayHaveReachedJenkins: boolean) =>
      transitionFor({ kind: 'attempt-failed', error: 'x', attempts: 2, mayHaveReachedJenkins }).patch;
    expect(failure(true)).not.toHaveProperty('triggerIntentAt');
    expect(failure(false)).toHaveProperty('triggerIntentAt', null);
    // Only a call that certainly did not reach Jenkins lets a newer promotion supersede it at once.
    const guard = (mayHaveReachedJenkins: boolean) =>
      transitionFor({ kind: 'attempt-failed', error: 'x', attempts: 2, mayHaveReachedJenkins }).guard;
    expect(guard(true)).toBeNull();
    expect(guard(false)).toBe('latest');
  });

  it('says which statuses are terminal, retryable and content-holding', () => {
    expect(PROMOTION_STATUSES.filter(isTerminal)).toEqual([
      'succeeded',
      'failed',
      'superseded',
      'skipped',
      'abandoned',
    ]);
    expect(PROMOTION_STATUSES.filter(isRetryable).sort()).toEqual(['abandoned', 'failed']);
    expect(CONTENT_HOLDING_STATUSES).toEqual(['planned', 'triggered', 'building', 'succeeded']);
  });

  it('counts the retry horizon from the latest of creation, the end of a freeze and a retry', () => {
    const created = newPromotionRecord(
      {
        id: 'a',
        app: 'a',
        appName: 'a',
        sourceEnv: 'dev',
        targetEnv: 'stage',
        sha: 's',
        imageTag: null,
        eventId: 'e',
        source: 'webhook',
      },
      new Date(at),
    );
    const hour = 3_600_000;
    expect(retryHorizonPassed(created, Date.parse(at) + hour, 2 * hour)).toBe(false);
    expect(retryHorizonPassed(created, Date.parse(at) + 3 * hour, 2 * hour)).toBe(true);
    const retried = { ...created, retryHorizonFrom: new Date(Date.parse(at) + 2 * hour).toISOString() };
    expect(retryHorizonPassed(retried, Date.parse(at) + 3 * hour, 2 * hour)).toBe(false);
  });

  it('reports to GitLab on a new status and on freeze marks, not on intents or creation', () => {
    const hold = EVENTS[0]!;
    const intend = EVENTS[2]!;
    expect(changesFeedback(null, record('planned'), null)).toBe(false);
    expect(changesFeedback('planned', record('planned'), intend)).toBe(false);
    expect(changesFeedback('planned', record('planned'), hold)).toBe(true);
    expect(changesFeedback('planned', record('triggered'), EVENTS[4]!)).toBe(true);
  });
});

describe("the merge-request event (a successful build's merge request)", () => {
  const succeeded = (mr: PromotionMergeRequest | null) => ({
    status: 'succeeded' as const,
    triggerIntentAt: at,
    mergeRequest: mr,
  });
  const event = (state: PromotionMergeRequest['state']): PromotionEvent => ({
    kind: 'merge-request',
    mergeRequest: mergeRequest(state),
  });

  it('records the merge request and keeps the promotion succeeded', () => {
    const t = transitionFor(event('merged'));
    expect(t).toMatchObject({ from: ['succeeded'], to: 'succeeded', guard: 'merge-request-open' });
    expect(t.patch).toEqual({ status: 'succeeded', mergeRequest: mergeRequest('merged') });
  });

  it('applies while none is recorded or the recorded one is open; merged, closed and none are final', () => {
    expect(canApply(succeeded(null), event('opened'))).toBe(true);
    expect(canApply(succeeded(mergeRequest('opened')), event('merged'))).toBe(true);
    for (const final of ['merged', 'closed', 'none'] as const)
      expect(canApply(succeeded(mergeRequest(final)), event('opened'))).toBe(false);
    expect(canApply({ status: 'failed', triggerIntentAt: at }, event('opened'))).toBe(false);
  });

  it('tells GitLab nothing new (the status did not change)', () => {
    const rec = { status: 'succeeded' as const };
    expect(changesFeedback('succeeded', rec, event('merged'))).toBe(false);
  });
});
