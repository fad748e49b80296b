import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { reportResult, scriptInput } from '../support/child-script';
import type { LoadOptions, LoadResult } from '../support/load-generator';
import { uniqueSha } from '../support/push-payload';
import { summarize } from '../support/stats';

/**
 * An open-loop load generator: request i leaves at start + i / rate whatever happened to the earlier
 * ones (autocannon's overallRate instead gives each connection a per-second budget that it spends at
 * full speed, then idles: bursts). Each answer time is measured from the moment the request was due,
 * so a server that falls behind is charged for the wait too. Keep-alive connections, at most
 * `connections` of them.
 */
const options = scriptInput<LoadOptions>();
const rate = options.overallRate ?? 0;
if (rate <= 0) throw new Error('paced load needs overallRate');
const url = new URL(options.url);
const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
const parts = options.body.template.split(options.body.placeholder);
let sequence = 0;
const nextBody = (): string =>
  options.body.unique ? parts.join(uniqueSha(options.body.runId, (sequence += 1))) : options.body.template;

function send(dueAt: number, done: (status: number, ms: number) => void): void {
  const body = nextBody();
  const req = request(
    {
      agent,
      host: url.hostname,
      port: url.port,
      path: options.path,
      method: 'POST',
      headers: { ...options.headers, 'content-length': Buffer.byteLength(body) },
    },
    (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0, performance.now() - dueAt));
    },
  );
  req.on('error', () => done(0, performance.now() - dueAt));
  req.end(body);
}

function run(seconds: number): Promise<Omit<LoadResult, 'seconds' | 'rate' | 'warmupResponses'>> {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  let answered = 0;
  let sent = 0;
  const start = performance.now();
  return new Promise((resolve) => {
    const done = (status: number, ms: number): void => {
      answered += 1;
      if (status === 0) errors += 1;
      else {
        latencies.push(ms);
        statusCodes[status] = (statusCodes[status] ?? 0) + 1;
      }
      if (answered === total)
        resolve({
          responses: latencies.length,
          latency: summarize(latencies),
          statusCodes,
          errors,
          timeouts: 0,
        });
    };
    const tick = (): void => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
      while (sent < due) {
        send(start + (sent * 1000) / rate, done);
        sent += 1;
      }
      if (sent < total) setTimeout(tick, Math.max(0, start + (sent * 1000) / rate - performance.now()));
    };
    tick();
  });
}

if (options.warmupSeconds > 0) await run(options.warmupSeconds);
const measured = await run(options.durationSeconds);
agent.destroy();
reportResult({
  ...measured,
  warmupResponses: 0,
  seconds: options.durationSeconds,
  rate: measured.responses / options.durationSeconds,
} satisfies LoadResult);
