import type { QueueItem } from '../build-queue';
import type { Build, Job } from '../job';
import type { JobStore } from '../job-store';
import { defaultValueOf } from '../parameters';
import type { ParameterSpec } from '../types';
import { jobUrl } from '../urls';
import { buildJson, buildSummary, parameterValueJson, type Json } from './build-view';
import { colorOf } from './job-color';
import { DEFINITION_CLASS, JOB_CLASS } from './model-classes';
import { queueItemJson } from './queue-view';

/** Jenkins exports at most this many builds under `builds` (allBuilds has them all). */
const BUILDS_LIMIT = 100;

export function parameterDefinitionJson(spec: ParameterSpec): Json {
  const json: Json = {
    _class: DEFINITION_CLASS[spec.type],
    defaultParameterValue: parameterValueJson({
      name: spec.name,
      type: spec.type,
      value: defaultValueOf(spec),
    }),
    description: spec.description ?? '',
    name: spec.name,
    type: DEFINITION_CLASS[spec.type].slice('hudson.model.'.length),
  };
  if (spec.type === 'choice') json['choices'] = [...(spec.choices ?? [])];
  if (spec.type === 'string' || spec.type === 'text') json['trim'] = false;
  return json;
}

function parametersProperty(job: Job): Json[] {
  if (job.parameters === null) return [];
  return [
    {
      _class: 'hudson.model.ParametersDefinitionProperty',
      parameterDefinitions: job.parameters.map(parameterDefinitionJson),
    },
  ];
}

export function jobSummary(base: string, job: Job): Json {
  return {
    _class: JOB_CLASS[job.config.kind],
    name: job.name,
    url: jobUrl(base, job.fullName),
    color: colorOf(job),
  };
}

export function folderSummary(base: string, fullName: string): Json {
  return {
    _class: JOB_CLASS.folder,
    name: fullName.slice(fullName.lastIndexOf('/') + 1),
    url: jobUrl(base, fullName),
  };
}

export interface JobViewOptions {
  /** 0 = builds as {number,url}; ≥1 = whole build objects (also used when a tree asks for fields). */
  depth: number;
  queueItem: QueueItem | undefined;
  allBuilds: boolean;
}

export function jobJson(base: string, job: Job, options: JobViewOptions): Json {
  const newestFirst = [...job.builds].reverse();
  const render = (b: Build | undefined): Json | null =>
    b === undefined ? null : options.depth > 0 ? buildJson(base, job, b) : buildSummary(base, job, b);
  const latest = (pick: (b: Build) => boolean): Json | null => render(job.latest(pick));
  const done = (b: Build): boolean => !b.building;
  const json: Json = {
    _class: JOB_CLASS[job.config.kind],
    actions: parametersProperty(job),
    description: job.config.description,
    displayName: job.name,
    displayNameOrNull: null,
    fullDisplayName: job.fullName.split('/').join(' » '),
    fullName: job.fullName,
    name: job.name,
    url: jobUrl(base, job.fullName),
    buildable: !job.disabled,
    builds: newestFirst.slice(0, BUILDS_LIMIT).map(render),
    color: colorOf(job),
    disabled: job.disabled,
    firstBuild: render(job.builds[0]),
    healthReport: [],
    inQueue: options.queueItem !== undefined,
    keepDependencies: false,
    lastBuild: render(job.lastBuild()),
    lastCompletedBuild: latest(done),
    lastFailedBuild: latest((b) => b.result === 'FAILURE'),
    lastStableBuild: latest((b) => b.result === 'SUCCESS'),
    lastSuccessfulBuild: latest((b) => b.result === 'SUCCESS' || b.result === 'UNSTABLE'),
    lastUnstableBuild: latest((b) => b.result === 'UNSTABLE'),
    lastUnsuccessfulBuild: latest((b) => done(b) && b.result !== 'SUCCESS'),
    nextBuildNumber: job.nextBuildNumber,
    property: parametersProperty(job),
    queueItem: options.queueItem ? queueItemJson(base, options.queueItem) : null,
    concurrentBuild: job.behaviour.executors !== 1,
    resumeBlocked: false,
  };
  if (options.allBuilds) json['allBuilds'] = newestFirst.map(render);
  return json;
}

export function folderJson(base: string, store: JobStore, fullName: string): Json {
  const { jobs, folders } = store.children(fullName);
  return {
    _class: JOB_CLASS.folder,
    actions: [],
    description: store.folderDescription(fullName),
    displayName: fullName.slice(fullName.lastIndexOf('/') + 1),
    fullDisplayName: fullName.split('/').join(' » '),
    fullName,
    name: fullName.slice(fullName.lastIndexOf('/') + 1),
    url: jobUrl(base, fullName),
    healthReport: [],
    jobs: [...folders.map((f) => folderSummary(base, f)), ...jobs.map((j) => jobSummary(base, j))],
    primaryView: { _class: 'hudson.model.AllView', name: 'All', url: jobUrl(base, fullName) },
    views: [{ _class: 'hudson.model.AllView', name: 'All', url: jobUrl(base, fullName) }],
  };
}
