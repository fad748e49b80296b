import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { PromotionMergeRequest } from '@auto-promote/domain';
import {
  MergeRequestRecorder,
  OpenMergeRequests,
  PromotionStore,
  PromotionTransitions,
  type PromotionRecord,
} from '@auto-promote/records';
import { deletePrefix, testRedis, uniquePrefix } from '../../support/redis';

const redis = testRedis();
const prefix = uniquePrefix('mr-recorder');
let recorder: MergeRequestRecorder;
let events: string[];

const mr = (state: PromotionMergeRequest['state'], iid = 3): PromotionMergeRequest => ({
  iid,
  url: `https://gitlab.example.com/p2c/k8s-deployments/-/merge_requests/${iid}`,
  state,
  sourceBranch: 'promote-stage-1.0.1',
  openedAt: '2026-12-03T10:00:00.000Z',
  mergedAt: state === 'merged' ? '2026-12-03T11:00:00.000Z' : null,
  mergeCommitSha: state === 'merged' ? 'b'.repeat(40) : null,
  reason: null,
});

async function succeeded(n: number): Promise<PromotionRecord> {
  const id = `app~dev~stage~${String(n).padStart(40, '0')}`;
  const { record } = await recorder.transitions.record({
    id,
    app: 'app',
    appName: 'app',
    sourceEnv: 'dev',
    targetEnv: 'stage',
    sha: String(n).padStart(40, '0'),
    imageTag: `1.0.${n}`,
    eventId: `ev-${n}`,
    source: 'webhook',
  });
  await recorder.transitions.apply(record, { kind: 'triggered', queueId: n, queueUrl: null });
  await recorder.transitions.apply(record, {
    kind: 'build-finished',
    result: 'SUCCESS',
    buildNumber: n,
    buildUrl: null,
  });
  return (await recorder.transitions.store.get(id))!;
}

beforeEach(async () => {
  await deletePrefix(redis, prefix);
  events = [];
  recorder = new MergeRequestRecorder(
    new PromotionTransitions(new PromotionStore(redis, prefix), {
      each: [(r, from, event) => void events.push(`${event?.kind ?? 'created'}:${from}->${r.status}`)],
    }),
    new OpenMergeRequests(redis, prefix, 3_600),
  );
});

afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('MergeRequestRecorder', () => {
  it('records an open merge request and indexes it under its target; a merged one leaves the index', async () => {
    const record = await succeeded(1);
    expect((await recorder.record(record, mr('opened'))).kind).toBe('applied');
    expect(await recorder.index.list('stage', 10)).toEqual([record.id]);
    const merged = await recorder.record(record, mr('merged'));
    expect(merged.kind === 'applied' && merged.record).toMatchObject({
      status: 'succeeded',
      mergeRequest: mr('merged'),
    });
    expect(await recorder.index.list('stage', 10)).toEqual([]);
    // Listeners (the transition metric, and the chain's lead-time metrics) are told of each change.
    expect(events.filter((e) => e.startsWith('merge-request'))).toEqual([
      'merge-request:succeeded->succeeded',
      'merge-request:succeeded->succeeded',
    ]);
  });

  it('never changes a merged, closed or none merge request again (a stale refresh is refused in Redis)', async () => {
    for (const [n, final] of [
      [2, 'merged'],
      [3, 'closed'],
      [4, 'none'],
    ] as const) {
      const record = await succeeded(n);
      await recorder.record(record, mr(final));
      expect((await recorder.record(record, mr('opened'))).kind).toBe('refused');
      expect((await recorder.transitions.store.get(record.id))?.mergeRequest?.state).toBe(final);
    }
  });

  it('records nothing on a promotion that did not succeed', async () => {
    const { record } = await recorder.transitions.record({
      id: 'app~dev~stage~' + '9'.repeat(40),
      app: 'app',
      appName: 'app',
      sourceEnv: 'dev',
      targetEnv: 'stage',
      sha: '9'.repeat(40),
      imageTag: null,
      eventId: 'ev-9',
      source: 'webhook',
    });
    expect((await recorder.record(record, mr('opened'))).kind).toBe('refused');
    expect((await recorder.transitions.store.get(record.id))?.mergeRequest).toBeNull();
  });
});
