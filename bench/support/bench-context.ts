import type { Results } from './results';

export interface BenchOptions {
  /** Shorter runs and fewer repeats, for trying the suite out; the targets still apply. */
  quick: boolean;
  /** Where role processes write `--cpu-prof` profiles; null = not profiled. */
  profileDir: string | null;
  /** Where role processes write their logs; null = /dev/null. */
  logDir: string | null;
  /** Repeats of the cheap throughput runs; the median is reported. */
  repeats: number;
}

/** Figures one scenario measures and a later one needs. */
export interface SharedFigures {
  /** Highest rate the real ingress sustained (queued path), req/s. */
  ingressMaxRate?: number;
}

export interface BenchContext {
  options: BenchOptions;
  results: Results;
  shared: SharedFigures;
  /** A progress line on stderr (the table goes to stdout). */
  log(message: string): void;
}

/** One benchmark: measures, then adds its rows to `ctx.results`. Cleans up whatever it started. */
export interface Scenario {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<void>;
}
