import type { Build, Job } from './job';
import { toRecord, type ParamValue } from './parameters';
import type { Timers } from './timers';
import type { BuildResult, Params } from './types';

const RESULTS: readonly string[] = ['SUCCESS', 'UNSTABLE', 'FAILURE', 'NOT_BUILT', 'ABORTED'];

function isResult(value: unknown): value is BuildResult {
  return typeof value === 'string' && RESULTS.includes(value);
}

/** What a queue item hands to an executor when it leaves the queue. */
export interface StartRequest {
  job: Job;
  queueId: number;
  params: ParamValue[] | null;
  userId: string;
}

/** Runs builds: records them on the job at once, finishes them after their duration (and `run`). */
export class BuildExecutor {
  constructor(
    private readonly timers: Timers,
    private readonly onFinished: () => void,
  ) {}

  start(request: StartRequest): Build {
    const { job } = request;
    const build: Build = {
      number: job.nextBuildNumber,
      queueId: request.queueId,
      params: request.params,
      userId: request.userId,
      result: null,
      building: true,
      startedAt: Date.now(),
      finishedAt: null,
    };
    job.nextBuildNumber += 1;
    job.builds.push(build);
    void this.execute(job, build);
    return build;
  }

  private async execute(job: Job, build: Build): Promise<void> {
    const params = toRecord(build.params);
    const { buildDurationMs, result, run } = job.behaviour;
    let outcome: BuildResult;
    try {
      const duration = typeof buildDurationMs === 'function' ? buildDurationMs(params) : buildDurationMs;
      const elapsed = new Promise<void>((resolve) => this.timers.after(duration, resolve));
      const work = run ? run({ number: build.number, params }) : Promise.resolve(undefined);
      const [ran] = await Promise.all([work, elapsed]);
      outcome = ran === undefined ? this.configured(result, params) : isResult(ran) ? ran : 'FAILURE';
    } catch {
      // A throwing `run` or behaviour function is a failed build, as an exception in a Pipeline is.
      outcome = 'FAILURE';
    }
    if (this.timers.stopped) return;
    build.result = outcome;
    build.building = false;
    build.finishedAt = Date.now();
    this.onFinished();
  }

  private configured(result: BuildResult | ((params: Params) => BuildResult), params: Params): BuildResult {
    const value = typeof result === 'function' ? result(params) : result;
    return isResult(value) ? value : 'FAILURE';
  }
}
