import type { Build, Job } from '../job';
import type { ParamValue } from '../parameters';
import { buildUrl } from '../urls';
import { RUN_CLASS, VALUE_CLASS } from './model-classes';

export type Json = Record<string, unknown>;

export function parameterValueJson(value: ParamValue): Json {
  return {
    _class: VALUE_CLASS[value.type],
    name: value.name,
    // BooleanParameterValue exports a JSON boolean.
    value: value.type === 'boolean' ? value.value === 'true' : value.value,
  };
}

/** The actions a queue item or build carries: its parameters (if any) and why it was started. */
export function causeActions(params: ParamValue[] | null, userId: string): Json[] {
  const actions: Json[] = [];
  if (params !== null) {
    actions.push({ _class: 'hudson.model.ParametersAction', parameters: params.map(parameterValueJson) });
  }
  actions.push({
    _class: 'hudson.model.CauseAction',
    causes: [
      {
        _class: 'hudson.model.Cause$UserIdCause',
        shortDescription: `Started by user ${userId}`,
        userId,
        userName: userId,
      },
    ],
  });
  return actions;
}

export function buildSummary(base: string, job: Job, build: Build | undefined): Json | null {
  if (!build) return null;
  return {
    _class: RUN_CLASS[job.config.kind],
    number: build.number,
    url: buildUrl(base, job.fullName, build.number),
  };
}

function estimatedDuration(job: Job): number {
  const done = job.latest((b) => !b.building);
  return done?.finishedAt == null ? -1 : done.finishedAt - done.startedAt;
}

export function buildJson(base: string, job: Job, build: Build): Json {
  const index = job.builds.indexOf(build);
  return {
    _class: RUN_CLASS[job.config.kind],
    actions: causeActions(build.params, build.userId),
    artifacts: [],
    building: build.building,
    description: null,
    displayName: `#${build.number}`,
    duration: build.finishedAt === null ? 0 : build.finishedAt - build.startedAt,
    estimatedDuration: estimatedDuration(job),
    executor: build.building ? { _class: 'hudson.model.OneOffExecutor' } : null,
    fullDisplayName: `${job.fullName.split('/').join(' » ')} #${build.number}`,
    id: String(build.number),
    keepLog: false,
    number: build.number,
    queueId: build.queueId,
    result: build.result,
    timestamp: build.startedAt,
    url: buildUrl(base, job.fullName, build.number),
    changeSets: [],
    culprits: [],
    inProgress: build.building,
    nextBuild: buildSummary(base, job, job.builds[index + 1]),
    previousBuild: index > 0 ? buildSummary(base, job, job.builds[index - 1]) : null,
  };
}
