import autocannon from 'autocannon';
import { reportResult, scriptInput } from '../support/child-script';
import type { LoadOptions, LoadResult } from '../support/load-generator';
import { uniqueSha } from '../support/push-payload';
import { summarize } from '../support/stats';

/**
 * The load generator process: autocannon POSTing push bodies, first for a warm-up, then for the
 * measured run. Every request gets a new `after` sha when the body is unique (a new event each time).
 */
const options = scriptInput<LoadOptions>();
const parts = options.body.template.split(options.body.placeholder);
let sequence = 0;
const nextBody = (): string =>
  options.body.unique ? parts.join(uniqueSha(options.body.runId, (sequence += 1))) : options.body.template;

function run(
  seconds: number,
  measure: boolean,
): Promise<Omit<LoadResult, 'seconds' | 'rate' | 'warmupResponses'>> {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let done: (result: autocannon.Result) => void = () => undefined;
  const finished = new Promise<autocannon.Result>((resolve) => (done = resolve));
  const instance = autocannon(
    {
      url: options.url,
      connections: options.connections,
      duration: seconds,
      ...(options.overallRate ? { overallRate: options.overallRate } : {}),
      requests: [
        {
          method: 'POST',
          path: options.path,
          headers: options.headers,
          setupRequest: (request) => ({ ...request, body: nextBody() }),
        },
      ],
    },
    (error: Error | null, result) => {
      if (error) throw error;
      done(result);
    },
  );
  let responses = 0;
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    responses += 1;
    if (!measure) return;
    latencies.push(responseTime);
    statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
  });
  return finished.then((result) => ({
    responses,
    latency: summarize(latencies),
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
  }));
}

const warmup = options.warmupSeconds > 0 ? await run(options.warmupSeconds, false) : null;
const measured = await run(options.durationSeconds, true);
reportResult({
  ...measured,
  warmupResponses: warmup?.responses ?? 0,
  seconds: options.durationSeconds,
  rate: measured.responses / options.durationSeconds,
} satisfies LoadResult);
