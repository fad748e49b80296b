import { parseItemConfig, renderItemConfig, type ItemConfig } from './config-xml';
import { validateSpecs, type ParamValue } from './parameters';
import type { BuildResult, JobDefinition, ParameterSpec, Params } from './types';

/** One run of a job (a WorkflowRun / FreeStyleBuild). */
export interface Build {
  number: number;
  queueId: number;
  params: ParamValue[] | null;
  userId: string;
  result: BuildResult | null;
  building: boolean;
  startedAt: number;
  finishedAt: number | null;
}

/** The behaviour half of a definition: how builds of this job run. */
export interface JobBehaviour {
  buildDurationMs: number | ((params: Params) => number);
  result: BuildResult | ((params: Params) => BuildResult);
  run: ((build: { number: number; params: Params }) => Promise<BuildResult>) | undefined;
  executors: number;
}

export class Job {
  config: ItemConfig;
  /** Custom XML as given (served back verbatim); undefined = rendered from `config`. */
  customXml: string | undefined;
  behaviour: JobBehaviour;
  /** Oldest first. */
  readonly builds: Build[] = [];
  nextBuildNumber = 1;

  constructor(
    readonly fullName: string,
    definition: JobDefinition,
  ) {
    this.config = { kind: 'pipeline', description: '', disabled: false, parameters: null };
    this.customXml = undefined;
    this.behaviour = { buildDurationMs: 0, result: 'SUCCESS', run: undefined, executors: Infinity };
    this.update(definition);
  }

  get name(): string {
    return this.fullName.slice(this.fullName.lastIndexOf('/') + 1);
  }

  get parameters(): ParameterSpec[] | null {
    return this.config.parameters;
  }

  get disabled(): boolean {
    return this.config.disabled;
  }

  /** Applies a (partial) definition; an XML sets the declared parameters unless `parameters` is given too. */
  update(change: Partial<JobDefinition>): void {
    if (change.configXml !== undefined) {
      const parsed = parseItemConfig(change.configXml);
      if (parsed.kind === 'folder') throw new Error(`${this.fullName}: a folder config is not a job config`);
      this.config = parsed;
      this.customXml = change.configXml;
    }
    const { parameters, disabled, description } = change;
    if (parameters !== undefined || disabled !== undefined || description !== undefined) {
      if (parameters) validateSpecs(parameters);
      this.config = {
        ...this.config,
        parameters:
          parameters === undefined ? this.config.parameters : (parameters?.map((p) => ({ ...p })) ?? null),
        disabled: disabled ?? this.config.disabled,
        description: description ?? this.config.description,
      };
      if (change.configXml === undefined) this.customXml = this.patchedXml(change);
    }
    this.behaviour = {
      buildDurationMs: change.buildDurationMs ?? this.behaviour.buildDurationMs,
      result: change.result ?? this.behaviour.result,
      run: 'run' in change ? change.run : this.behaviour.run,
      executors: change.executors ?? this.behaviour.executors,
    };
  }

  /** Keeps a custom XML when only `disabled` changed; otherwise it no longer describes the job. */
  private patchedXml(change: Partial<JobDefinition>): string | undefined {
    const xml = this.customXml;
    if (xml === undefined || change.parameters !== undefined || change.description !== undefined) {
      return undefined;
    }
    const flag = /<disabled>\s*(true|false)\s*<\/disabled>/;
    return flag.test(xml) ? xml.replace(flag, `<disabled>${this.config.disabled}</disabled>`) : undefined;
  }

  /** POST config.xml: the XML becomes the job's configuration. */
  replaceXml(xml: string): void {
    this.update({ configXml: xml });
  }

  configXml(): string {
    return this.customXml ?? renderItemConfig(this.config);
  }

  running(): number {
    return this.builds.filter((b) => b.building).length;
  }

  build(number: number): Build | undefined {
    return this.builds.find((b) => b.number === number);
  }

  lastBuild(): Build | undefined {
    return this.builds[this.builds.length - 1];
  }

  /** Newest build matching `pick`, for the lastXxxBuild permalinks. */
  latest(pick: (b: Build) => boolean): Build | undefined {
    for (let i = this.builds.length - 1; i >= 0; i -= 1) {
      const b = this.builds[i];
      if (b && pick(b)) return b;
    }
    return undefined;
  }
}
