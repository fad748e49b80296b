import { runScript } from './child-script';
import type { LatencySummary } from './stats';

export interface LoadOptions {
  /** Base URL of the server under test. */
  url: string;
  path: string;
  headers: Record<string, string>;
  /** Body template; `placeholder` is replaced by a fresh sha per request when `unique`. */
  body: { template: string; placeholder: string; unique: boolean; runId: string };
  connections: number;
  durationSeconds: number;
  /** Untimed load before the measured run (JIT warm-up, connection set-up). */
  warmupSeconds: number;
  /** Fixed rate over all connections (requests/s); unset = as fast as the server answers. */
  overallRate?: number;
}

export interface LoadResult {
  /** Responses in the measured run. */
  responses: number;
  /** Responses during the warm-up. */
  warmupResponses: number;
  seconds: number;
  /** Responses per second in the measured run. */
  rate: number;
  /** Response times (ms) of the measured run, exact (not autocannon's integer histogram). */
  latency: LatencySummary;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
}

/** Runs autocannon in its own process against the server and returns what it measured. */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return runScript<LoadResult>('bench/load/autocannon-run.ts', options, {
    timeoutMs: (options.durationSeconds + options.warmupSeconds + 60) * 1000,
  });
}

/** Runs the open-loop paced generator (requests evenly spaced at `overallRate`) in its own process. */
export function runPacedLoad(options: LoadOptions & { overallRate: number }): Promise<LoadResult> {
  return runScript<LoadResult>('bench/load/paced-run.ts', options, {
    timeoutMs: (options.durationSeconds + options.warmupSeconds + 60) * 1000,
  });
}
