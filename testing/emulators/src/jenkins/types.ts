/** A run's final result, as Jenkins' `hudson.model.Result` names it. */
export type BuildResult = 'SUCCESS' | 'UNSTABLE' | 'FAILURE' | 'NOT_BUILT' | 'ABORTED';

/** Parameter definition kinds the emulator understands (Jenkins core's String/Text/Boolean/Choice). */
export type ParameterType = 'string' | 'text' | 'boolean' | 'choice';

export interface ParameterSpec {
  name: string;
  type: ParameterType;
  /** String/text default; 'true'/'false' for booleans. Choices default to their first choice. */
  default?: string;
  /** Required for `choice`. */
  choices?: string[];
  description?: string;
}

/** Parameter values by name, as strings ('true'/'false' for booleans). */
export type Params = Record<string, string>;

export interface JobDefinition {
  /** Declared parameters; `null` (or omitted without `configXml`) = not parameterized. */
  parameters?: ParameterSpec[] | null;
  disabled?: boolean;
  description?: string;
  /** How long a build runs before it records its result. Default 0. */
  buildDurationMs?: number | ((params: Params) => number);
  /** Default SUCCESS. */
  result?: BuildResult | ((params: Params) => BuildResult);
  /** Real work for the build; its result wins over `result`. A rejection records FAILURE. */
  run?: (build: { number: number; params: Params }) => Promise<BuildResult>;
  /** Concurrent builds of this job; default unlimited. */
  executors?: number;
  /** Stored verbatim and served by GET config.xml; parameters are parsed from it when `parameters` is omitted. */
  configXml?: string;
}

/** Emulated Jenkins permissions; `administer` implies all. */
export type Permission = 'read' | 'build' | 'cancel' | 'configure' | 'create' | 'delete' | 'administer';

export interface UserConfig {
  apiToken?: string;
  password?: string;
  /** Default: every permission. Without `read` the user sees 403 everywhere. */
  permissions?: Permission[];
}

export interface JenkinsEmulatorOptions {
  port?: number;
  host?: string;
  users: Record<string, UserConfig>;
  /** Require the crumb even for API-token auth (default false, as Jenkins ≥ 2.96). */
  crumbForApiTokens?: boolean;
  /** How long a left queue item stays readable (default 300000, as Jenkins). */
  leftItemRetentionMs?: number;
  /** Seeds the fault switch and the crumb salt. */
  seed?: number;
}

export interface TriggerRecord {
  job: string;
  endpoint: 'buildWithParameters';
  /** Declared parameters only, defaults applied; empty when the job is unknown or refused early. */
  params: Params;
  status: number;
  queueId?: number;
  at: number;
}

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  at: number;
}

export interface BuildRecord {
  job: string;
  number: number;
  queueId: number;
  params: Params;
  result: BuildResult | null;
  building: boolean;
  startedAt: number;
  finishedAt: number | null;
  url: string;
}
