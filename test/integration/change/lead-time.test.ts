import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@auto-promote/config';
import type { LeadTimeRow, PromotionMergeRequest } from '@auto-promote/domain';
import { Metrics, createLogger } from '@auto-promote/observability';
import { runCli } from '@auto-promote/operations';
import { createInfrastructure, openOperatorServices, type Infrastructure } from '@auto-promote/runtime';
import { recordMergeRequest } from '../../support/merge-requests';
import { REDIS_URL, deletePrefix, uniquePrefix } from '../../support/redis';
import { emulatorEnv } from '../../support/stack';

// Lead time from records with known times: the stores' clock is injected, the merge requests carry
// GitLab's times, the dev pushes their receivedAt. No emulator is needed: nothing is called.
const prefix = uniquePrefix('lead-time');
const NOW = new Date('2026-12-03T12:00:00.000Z');
const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const MIN = 60_000;
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    ...emulatorEnv('http://127.0.0.1:9', 'http://127.0.0.1:9'),
    LOG_LEVEL: 'silent',
    ...extra,
  };
}

let clock = new Date(T0);
let infra: Infrastructure;
let labelled: Infrastructure;
const metrics = new Metrics({ defaultMetrics: false });
const labelledMetrics = new Metrics({ defaultMetrics: false });

const mergeRequest = (iid: number, openedAt: number, mergedAt: number | null): PromotionMergeRequest => ({
  iid,
  url: `https://gitlab.example.com/p2c/k8s-deployments/-/merge_requests/${iid}`,
  state: mergedAt === null ? 'opened' : 'merged',
  sourceBranch: `promote-${iid}`,
  openedAt: iso(openedAt),
  mergedAt: mergedAt === null ? null : iso(mergedAt),
  mergeCommitSha: mergedAt === null ? null : iid.toString(16).padStart(40, 'c'),
  reason: null,
});

let iid = 0;
/**
 * One change of `app`: a dev push at `pushAt`, its stage MR opened a minute later and merged `stageMin`
 * minutes after the push; then, if `prodMin` is given, a prod promotion whose MR is merged `prodMin`
 * minutes after the push (opened 15 minutes after it), or left open with `prodMin` null.
 */
async function change(
  on: Infrastructure,
  app: string,
  pushAt: number,
  stageMin: number,
  prodMin?: number | null,
): Promise<string[]> {
  const n = (iid += 1);
  const eventId = `ev-${app}-${n}`;
  const sha = n.toString(16).padStart(40, 'a');
  await on.events.put({
    eventId,
    source: 'webhook',
    projectId: 1,
    branch: 'dev',
    before: '0'.repeat(40),
    after: sha,
    status: 'planned',
    reason: null,
    promotionIds: [],
    rejectedApps: [],
    receivedAt: iso(pushAt),
    updatedAt: iso(pushAt),
  });
  clock = new Date(pushAt + 5_000);
  const stage = `${app}~dev~stage~${sha}`;
  const base = {
    app,
    appName: app,
    imageTag: `1.0.${n}`,
    source: 'webhook' as const,
    status: 'succeeded' as const,
  };
  await on.transitions.record({ ...base, id: stage, sourceEnv: 'dev', targetEnv: 'stage', sha, eventId });
  await recordMergeRequest(on, stage, mergeRequest((iid += 1), pushAt + MIN, pushAt + stageMin * MIN));
  if (prodMin === undefined) return [stage];
  const prodSha = n.toString(16).padStart(40, 'b');
  clock = new Date(pushAt + stageMin * MIN + 2_000);
  const prod = `${app}~stage~prod~${prodSha}`;
  await on.transitions.record({
    ...base,
    id: prod,
    sourceEnv: 'stage',
    targetEnv: 'prod',
    sha: prodSha,
    eventId: `ev-stage-${n}`,
    previous: stage,
  });
  await recordMergeRequest(
    on,
    prod,
    mergeRequest((iid += 1), pushAt + 15 * MIN, prodMin === null ? null : pushAt + prodMin * MIN),
  );
  return [stage, prod];
}

async function histogram(m: Metrics, name: 'leadTime' | 'reviewWait') {
  const { values } = await m[name].get();
  const pick = (suffix: string) =>
    Object.fromEntries(
      values
        .filter((v) => v.metricName?.endsWith(suffix))
        .map((v) => [Object.values(v.labels).join('/'), v.value]),
    );
  return { count: pick('_count'), sum: pick('_sum') };
}

beforeAll(async () => {
  const logger = createLogger({ level: 'silent' });
  infra = createInfrastructure(loadConfig({ env: env() }), { clock: () => clock, logger, metrics });
  labelled = createInfrastructure(loadConfig({ env: env({ METRICS_APP_LABEL: 'true' }) }), {
    clock: () => clock,
    logger,
    metrics: labelledMetrics,
  });
  await change(infra, 'web', T0, 10, 70);
  await change(infra, 'web', T0 + DAY, 20, 130);
  await change(infra, 'web', T0 + 2 * DAY, 30, null);
  await change(infra, 'api', T0 + 3 * DAY, 5);
  await change(infra, 'web', NOW.getTime() - 40 * DAY, 1, 20); // outside a 30-day window
});

afterAll(async () => {
  await deletePrefix(infra.redis, prefix);
  await labelled.close();
  await infra.close();
});

describe('lead time', () => {
  it('observes each merged merge request once: dev push → merged, and opened → merged, per target', async () => {
    expect(await histogram(metrics, 'leadTime')).toEqual({
      count: { stage: 5, prod: 3 },
      sum: { stage: (10 + 20 + 30 + 5 + 1) * 60, prod: (70 + 130 + 20) * 60 },
    });
    expect(await histogram(metrics, 'reviewWait')).toEqual({
      count: { stage: 5, prod: 3 },
      sum: { stage: (9 + 19 + 29 + 4 + 0) * 60, prod: (55 + 115 + 5) * 60 },
    });
  });

  it('observes nothing again when the merge is told a second time, by this process or another', async () => {
    const [stage] = await change(infra, 'again', T0, 10);
    const record = await infra.promotions.require(stage ?? '');
    await infra.changeObserver()(record, 'succeeded', null);
    await labelled.changeObserver()(record, 'succeeded', null);
    expect((await histogram(metrics, 'leadTime')).count['stage']).toBe(6);
    expect((await histogram(labelledMetrics, 'leadTime')).count).toEqual({});
  });

  it('labels the app only when METRICS_APP_LABEL=true', async () => {
    await change(labelled, 'jobs', T0, 8);
    expect((await histogram(labelledMetrics, 'leadTime')).sum).toEqual({ 'stage/jobs': 480 });
  });

  it('`report --since 30d` gives median, p90 and count per app and environment', async () => {
    let stdout = '';
    const run = (argv: string[]) => {
      stdout = '';
      return runCli(
        argv,
        {
          env: env(),
          stdout: { write: (text: string) => (stdout += text), isTTY: false },
          stderr: { write: () => undefined },
          now: () => NOW,
        },
        openOperatorServices,
      );
    };
    expect(await run(['report', '--since', '30d', '--json'])).toBe(0);
    const report = JSON.parse(stdout) as { since: string; rows: LeadTimeRow[] };
    expect(report.since).toBe('2026-11-03T12:00:00.000Z');
    const rows = report.rows.filter((r) => r.app === 'web' || r.app === 'api');
    expect(rows).toEqual([
      {
        app: 'api',
        target: 'stage',
        count: 1,
        medianSeconds: 300,
        p90Seconds: 300,
        reviewWaitMedianSeconds: 240,
      },
      {
        app: 'web',
        target: 'prod',
        count: 2,
        medianSeconds: 6000,
        p90Seconds: 7440,
        reviewWaitMedianSeconds: 5100,
      },
      {
        app: 'web',
        target: 'stage',
        count: 3,
        medianSeconds: 1200,
        p90Seconds: 1680,
        reviewWaitMedianSeconds: 1140,
      },
    ]);

    expect(await run(['report', '--since', '60d', '--app', 'web', '--json'])).toBe(0);
    const wide = JSON.parse(stdout) as { rows: LeadTimeRow[] };
    expect(wide.rows.map((r) => [r.target, r.count])).toEqual([
      ['prod', 3],
      ['stage', 4],
    ]);

    expect(await run(['report', '--since', '30d', '--app', 'web'])).toBe(0);
    expect(stdout).toContain('lead time since 2026-11-03T12:00:00.000Z');
    expect(stdout).toMatch(/web\s+prod\s+2\s+1h 40m\s+2h 4m/);
  });

  it('`report --since` refuses what is not a duration', async () => {
    let stderr = '';
    const code = await runCli(
      ['report', '--since', 'lately'],
      {
        env: env(),
        stdout: { write: () => undefined },
        stderr: { write: (text: string) => (stderr += text) },
      },
      openOperatorServices,
    );
    expect(code).toBe(2);
    expect(stderr).toContain('a duration such as 30d');
  });
});
