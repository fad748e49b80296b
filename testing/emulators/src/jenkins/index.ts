// Type names carry a Jenkins prefix: the package index re-exports every emulator with `export *`.
export { JenkinsEmulator } from './jenkins-emulator';
export type {
  BuildResult as JenkinsBuildResult,
  JenkinsEmulatorOptions,
  JobDefinition as JenkinsJobDefinition,
} from './types';
