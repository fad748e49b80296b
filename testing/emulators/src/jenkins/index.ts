// Type names carry a Jenkins prefix: the package index re-exports every emulator with `export *`.
export { JenkinsEmulator } from './jenkins-emulator';
export type {
  BuildRecord as JenkinsBuildRecord,
  BuildResult as JenkinsBuildResult,
  JenkinsEmulatorOptions,
  JobDefinition as JenkinsJobDefinition,
  ParameterSpec as JenkinsParameterSpec,
  ParameterType as JenkinsParameterType,
  Params as JenkinsParams,
  Permission as JenkinsPermission,
  RequestRecord as JenkinsRequestRecord,
  TriggerRecord as JenkinsTriggerRecord,
  UserConfig as JenkinsUserConfig,
} from './types';
