import { randomBytes } from 'node:crypto';
import { deletePrefix } from '../../test/support/redis';
import type { BaselineInput, BaselineKind } from '../baselines/http-baseline-server';
import type { BenchContext, Scenario } from '../support/bench-context';
import { WEBHOOK_HEADERS } from '../support/bench-env';
import { BenchStack } from '../support/bench-stack';
import { startServerScript, type ScriptServer } from '../support/child-script';
import { runLoad, type LoadResult } from '../support/load-generator';
import { cpuMs, rssMb } from '../support/process-stats';
import { AFTER_PLACEHOLDER, pushBody } from '../support/push-payload';
import { median } from '../support/stats';

const CONNECTIONS = 30;
const BODY_BYTES = 4_096;
const PATH = '/webhooks/gitlab';

const BASELINES: Array<{ kind: BaselineKind; name: string }> = [
  { kind: 'node-http', name: 'node:http + JSON.parse' },
  { kind: 'express', name: 'Express + express.json()' },
  { kind: 'express-enqueue', name: 'Express + express.json() + queue.add' },
];

type Target = { key: string; url: string; pid: number; unique: boolean };

/**
 * Target 1: requests per second of the real POST /webhooks/gitlab (auth, validation, event identity,
 * enqueue, logging, metrics) against three baselines measured in the same run, each under the same
 * autocannon load (30 connections, 4 KB push bodies) in its own process. Runs are interleaved and
 * repeated; the median is reported.
 */
export const ingressThroughput: Scenario = {
  id: 'ingress',
  title: 'Ingress throughput (target 1)',
  async run(ctx: BenchContext) {
    const stack = await BenchStack.start(ctx, { name: 'ingress' });
    const baselinePrefix = `${stack.prefix}-baseline`;
    const servers: ScriptServer[] = [];
    try {
      const ingress = await stack.startRoles(['ingress']);
      const targets: Target[] = [];
      for (const { kind } of BASELINES) {
        const input: BaselineInput = { kind, redisUrl: stack.env['REDIS_URL'] ?? '', prefix: baselinePrefix };
        const server = await startServerScript('bench/baselines/http-baseline-server.ts', input);
        servers.push(server);
        targets.push({ key: kind, url: server.url, pid: server.pid, unique: true });
      }
      const pid = ingress.pid ?? 0;
      targets.push({ key: 'queued', url: await ingress.url, pid, unique: true });
      targets.push({ key: 'duplicate', url: await ingress.url, pid, unique: false });

      const seconds = ctx.options.quick ? 3 : 5;
      const samples = new Map<string, { rate: number[]; p99: number[]; cpuUs: number[] }>();
      for (let repeat = 0; repeat < ctx.options.repeats; repeat += 1) {
        for (const target of targets) {
          const cpuBefore = await cpuMs(target.pid);
          const result = await load(target, seconds);
          const cpuUs = ((await cpuMs(target.pid)) - cpuBefore) * 1000;
          const perRequest = cpuUs / (result.responses + result.warmupResponses);
          ctx.log(
            `  ${target.key}: ${Math.round(result.rate)} req/s, ${Math.round(perRequest)} µs CPU/request, p99 ${result.latency.p99.toFixed(1)} ms ${JSON.stringify(result.statusCodes)}`,
          );
          const s = samples.get(target.key) ?? { rate: [], p99: [], cpuUs: [] };
          s.rate.push(result.rate);
          s.p99.push(result.latency.p99);
          s.cpuUs.push(perRequest);
          samples.set(target.key, s);
          // Each run leaves tens of thousands of jobs behind; start the next one from an empty queue.
          await deletePrefix(stack.redis, stack.prefix);
          await deletePrefix(stack.redis, baselinePrefix);
        }
      }
      const rate = (key: string) => median(samples.get(key)?.rate ?? []);
      const cpu = (key: string) => median(samples.get(key)?.cpuUs ?? []);
      const express = { name: 'Express + json', value: rate('express') };
      for (const { kind, name } of BASELINES) {
        ctx.results.add({
          target: 'base',
          measurement: `${name}, 30 conn, 4 KB`,
          value: rate(kind),
          unit: 'req/s',
          ...(kind === 'express' ? {} : { baseline: express }),
          ...(kind === 'express-enqueue' ? { goal: 'reference 0.63×' } : {}),
        });
      }
      const queued = ctx.results.add({
        target: '1',
        measurement: 'POST /webhooks/gitlab, queued (unique pushes)',
        value: rate('queued'),
        unit: 'req/s',
        baseline: express,
        goal: '≥ 0.5× Express',
      });
      queued.met = (queued.ratio ?? 0) >= 0.5;
      ctx.results.add({
        target: '1',
        measurement: 'POST /webhooks/gitlab, queued vs the raw-enqueue ceiling',
        value: rate('queued'),
        unit: 'req/s',
        baseline: { name: 'Express + json + add', value: rate('express-enqueue') },
        goal: 'approach 1×',
      });
      ctx.results.add({
        target: '1',
        measurement: 'POST /webhooks/gitlab, duplicate (redelivery)',
        value: rate('duplicate'),
        unit: 'req/s',
        baseline: express,
      });
      ctx.results.add({
        target: '1',
        measurement: 'POST /webhooks/gitlab, queued: p99 at full load',
        value: median(samples.get('queued')?.p99 ?? []),
        unit: 'ms',
      });
      // CPU per request of the server process: the figure a busy machine distorts least.
      const expressCpu = { name: 'Express + json', value: cpu('express') };
      for (const [key, name] of [
        ['node-http', 'node:http + JSON.parse'],
        ['express', 'Express + express.json()'],
        ['express-enqueue', 'Express + json + queue.add'],
        ['queued', 'POST /webhooks/gitlab, queued'],
        ['duplicate', 'POST /webhooks/gitlab, duplicate'],
      ] as const) {
        ctx.results.add({
          target: key === 'queued' || key === 'duplicate' ? '1' : 'base',
          measurement: `${name}: server CPU per request`,
          value: cpu(key),
          unit: 'µs',
          ...(key === 'express' ? {} : { baseline: expressCpu }),
        });
      }
      ctx.shared.ingressMaxRate = rate('queued');
      const rss = ctx.results.add({
        target: '7',
        measurement: `RSS of the ingress process after ${ctx.options.repeats * 2} × ${seconds} s at full load`,
        value: await rssMb(ingress.pid ?? 0),
        unit: 'MB',
        goal: '≤ 150 MB',
      });
      rss.met = rss.value <= 150;
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      await deletePrefix(stack.redis, baselinePrefix).catch(() => undefined);
      await stack.stop();
    }
  },
};

function load(target: Target, seconds: number): Promise<LoadResult> {
  const runId = randomBytes(4).toString('hex');
  const template = pushBody({
    before: 'b'.repeat(40),
    after: target.unique ? AFTER_PLACEHOLDER : `${runId}${'d'.repeat(32)}`,
    apps: ['exampleApp', 'postgres', 'apiGateway'],
    sizeBytes: BODY_BYTES,
  });
  return runLoad({
    url: target.url,
    path: PATH,
    headers: WEBHOOK_HEADERS,
    body: { template, placeholder: AFTER_PLACEHOLDER, unique: target.unique, runId },
    connections: CONNECTIONS,
    durationSeconds: seconds,
    warmupSeconds: 1,
  });
}
