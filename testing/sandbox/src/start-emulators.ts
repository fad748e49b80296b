import { sourceBranchFilterRegex, type PromotionMap } from '@auto-promote/domain';
import { GitLabEmulator, JenkinsEmulator, type EmulatedProject } from '@auto-promote/emulators';
import { SANDBOX_PROJECT, seedDeploymentsRepository } from './deployments-repository';
import { promoteEnvironmentJob } from './promote-environment-job';

export const JOB_PARAMETERS = ['APP_NAME', 'SOURCE_ENV', 'TARGET_ENV', 'IMAGE_TAG', 'PROMOTION_ID'] as const;

export interface EmulatorsOptions {
  host?: string;
  gitlabPort?: number;
  jenkinsPort?: number;
  gitlabToken: string;
  jenkinsUser: string;
  jenkinsToken: string;
  /** Where GitLab sends push hooks (auto-promote's /webhooks/gitlab), registered like `setup webhook` does. */
  hook?: { url: string; secret: string; promotionMap: PromotionMap };
}

export interface Emulators {
  gitlab: GitLabEmulator;
  jenkins: JenkinsEmulator;
  project: EmulatedProject;
  /** Registers auto-promote's webhook (when it was not known at start). */
  addHook(hook: NonNullable<EmulatorsOptions['hook']>): void;
  stop(): Promise<void>;
}

/**
 * The sandbox's GitLab and Jenkins: a seeded deployments repository, and a promote-environment job
 * that opens merge requests in it. Used by `npm run sandbox` and by the compose `sandbox` profile.
 */
export async function startEmulators(options: EmulatorsOptions): Promise<Emulators> {
  const host = options.host ?? '127.0.0.1';
  const gitlab = await GitLabEmulator.start({
    token: options.gitlabToken,
    port: options.gitlabPort ?? 0,
    host,
  });
  const project = await gitlab.createProject({ path: SANDBOX_PROJECT });
  await seedDeploymentsRepository(project);
  const jenkins = await JenkinsEmulator.start({
    users: { [options.jenkinsUser]: { apiToken: options.jenkinsToken } },
    port: options.jenkinsPort ?? 0,
    host,
  });
  jenkins.defineJob('promote-environment', {
    parameters: JOB_PARAMETERS.map((name) => ({ name, type: 'string' as const })),
    run: promoteEnvironmentJob(project),
  });
  const addHook = (hook: NonNullable<EmulatorsOptions['hook']>): void => {
    project.addHook({
      url: hook.url,
      name: 'auto-promote',
      token: hook.secret,
      push_events: true,
      branch_filter_strategy: 'regex',
      push_events_branch_filter: sourceBranchFilterRegex(hook.promotionMap),
      enable_ssl_verification: false,
    });
  };
  if (options.hook) addHook(options.hook);
  return {
    gitlab,
    jenkins,
    project,
    addHook,
    stop: async () => {
      await Promise.all([gitlab.stop(), jenkins.stop()]);
    },
  };
}
