import { randomBytes } from 'node:crypto';
import { mappedBranchFilterRegex, parsePromotionMap, type PromotionMap } from '@auto-promote/domain';
import {
  GitLabEmulator,
  JenkinsEmulator,
  type EmulatedProject,
  type GitLabEmulatorOptions,
  type JenkinsJobDefinition,
} from '@auto-promote/emulators';
import { ENVIRONMENTS, SANDBOX_PROJECT, seedDeploymentsRepository } from './deployments-repository';
import { SandboxError } from './errors/sandbox-error';
import { promoteEnvironmentJob, type PromoteEnvironmentJobOptions } from './promote-environment-job';

/** The Jenkins job auto-promote triggers, and the parameters it declares. */
export const JENKINS_JOB = 'promote-environment';
export const JOB_PARAMETERS = ['APP_NAME', 'SOURCE_ENV', 'TARGET_ENV', 'IMAGE_TAG', 'PROMOTION_ID'] as const;

/** What auto-promote authenticates with against the emulators, and GitLab with against auto-promote. */
export interface WorldCredentials {
  gitlabToken: string;
  webhookSecret: string;
  jenkinsUser: string;
  jenkinsToken: string;
}

/** Where GitLab sends push hooks (auto-promote's /webhooks/gitlab), registered like `setup webhook` does. */
export interface WorldHook {
  url: string;
  /** Default: none (GitLab shows the URL). */
  name?: string;
  /** Default: GitLab's default (verify). */
  enableSslVerification?: boolean;
  /** The hook's branch filter covers the sources of this map; default the world's `promotionMap`. */
  promotionMap?: PromotionMap;
}

export interface EmulatedWorldOptions {
  /** Interface both emulators listen on. Default `127.0.0.1`. */
  host?: string;
  /** Ports of the emulators; 0 picks a free port. Default 0 for both. */
  ports?: { gitlab?: number; jenkins?: number };
  /** Default: fresh random secrets, Jenkins user `auto-promote`. */
  credentials?: Partial<WorldCredentials>;
  /**
   * What the deployments project `p2c/k8s-deployments` holds. `'sandbox'` (default): the realistic
   * repository, each environment branch with its env.cue and generated manifests. Files: one commit on
   * `main` holding them, which dev, stage and prod branch from.
   */
  seed?: 'sandbox' | Record<string, string>;
  /**
   * The promote-environment job. `'merge-requests'` (default): what the real job does, a branch, a commit
   * and a merge request in the project. A definition: the emulator's job (SUCCESS at once) with these
   * settings; the parameters are always JOB_PARAMETERS. `{ mergeRequests }`: the real job's behaviour with
   * these options (its branch name, no merge request at all, older ones left open).
   */
  job?: 'merge-requests' | { mergeRequests: PromoteEnvironmentJobOptions } | Partial<JenkinsJobDefinition>;
  /** Which branches promote where (the push hook's branch filter). Default `dev=stage,stage=prod`. */
  promotionMap?: PromotionMap;
  /** Push hook registered at start. Default none (see `addHook`). */
  hook?: string | WorldHook;
  /** How the GitLab emulator answers: like an older GitLab, or with a smaller compare limit. Default: current. */
  gitlab?: Pick<GitLabEmulatorOptions, 'olderGitLab' | 'compareMaxFiles'>;
}

export interface EmulatedWorld {
  gitlab: GitLabEmulator;
  jenkins: JenkinsEmulator;
  project: EmulatedProject;
  credentials: WorldCredentials;
  /** The commit of `main` after seeding. */
  base: string;
  /** The configuration auto-promote needs to reach the world: GITLAB_*, JENKINS_* (spread into its env). */
  env: Record<string, string>;
  /** Registers a push hook to auto-promote (when its URL was not known at start). */
  addHook(hook: string | WorldHook): void;
  stop(): Promise<void>;
}

/** The configuration of auto-promote for emulators at these addresses with these credentials. */
export function emulatedWorldEnv(
  gitlabUrl: string,
  jenkinsUrl: string,
  credentials: WorldCredentials,
): Record<string, string> {
  return {
    GITLAB_URL: gitlabUrl,
    GITLAB_TOKEN: credentials.gitlabToken,
    GITLAB_WEBHOOK_SECRET: credentials.webhookSecret,
    GITLAB_PROJECT: SANDBOX_PROJECT,
    JENKINS_URL: jenkinsUrl,
    JENKINS_USER: credentials.jenkinsUser,
    JENKINS_API_TOKEN: credentials.jenkinsToken,
  };
}

function invalid(problem: string): never {
  throw new SandboxError(`startEmulatedWorld: ${problem}`);
}

function validPort(name: string, port: number | undefined): number {
  if (port === undefined) return 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) invalid(`${name} port ${port} is not 0–65535`);
  return port;
}

function validHook(
  hook: string | WorldHook,
  map: PromotionMap,
): Required<Omit<WorldHook, 'name'>> & WorldHook {
  const spec = typeof hook === 'string' ? { url: hook } : hook;
  let protocol = '';
  try {
    protocol = new URL(spec.url).protocol;
  } catch {
    invalid(`hook URL ${JSON.stringify(spec.url)} is not a URL`);
  }
  if (protocol !== 'http:' && protocol !== 'https:') invalid(`hook URL ${spec.url} is not http(s)`);
  return { enableSslVerification: true, promotionMap: map, ...spec };
}

/** Options with their defaults, checked before anything starts. */
function resolve(options: EmulatedWorldOptions) {
  const host = options.host ?? '127.0.0.1';
  if (host === '') invalid('host is empty');
  const credentials: WorldCredentials = {
    gitlabToken: `glpat-sandbox-${randomBytes(8).toString('hex')}`,
    webhookSecret: randomBytes(16).toString('hex'),
    jenkinsUser: 'auto-promote',
    jenkinsToken: randomBytes(16).toString('hex'),
    ...options.credentials,
  };
  for (const [key, value] of Object.entries(credentials)) if (!value) invalid(`credentials.${key} is empty`);
  const seed = options.seed ?? 'sandbox';
  if (seed !== 'sandbox' && Object.keys(seed).length === 0) invalid('seed has no files');
  const promotionMap = options.promotionMap ?? parsePromotionMap('dev=stage,stage=prod');
  return {
    host,
    gitlabPort: validPort('gitlab', options.ports?.gitlab),
    jenkinsPort: validPort('jenkins', options.ports?.jenkins),
    credentials,
    seed,
    job: options.job ?? 'merge-requests',
    promotionMap,
    hook: options.hook === undefined ? undefined : validHook(options.hook, promotionMap),
  };
}

async function seedProject(
  project: EmulatedProject,
  seed: 'sandbox' | Record<string, string>,
): Promise<string> {
  if (seed === 'sandbox') {
    await seedDeploymentsRepository(project);
    return project.branchHead('main') ?? invalid('seeding left no main branch');
  }
  const base = await project.commit({ branch: 'main', files: seed, message: 'seed deployments repository' });
  for (const branch of ENVIRONMENTS) await project.createBranch(branch, 'main');
  return base;
}

/**
 * The emulated world auto-promote runs against: a GitLab emulator with the deployments project
 * `p2c/k8s-deployments` (main, dev, stage, prod), a Jenkins emulator with `promote-environment`, and
 * optionally a push hook to auto-promote. The one place tests, fault scenarios, benchmarks and the
 * sandbox build it.
 */
export async function startEmulatedWorld(options: EmulatedWorldOptions = {}): Promise<EmulatedWorld> {
  const o = resolve(options);
  const { credentials } = o;
  const gitlab = await GitLabEmulator.start({
    ...options.gitlab,
    token: credentials.gitlabToken,
    port: o.gitlabPort,
    host: o.host,
  });
  let jenkins: JenkinsEmulator | undefined;
  try {
    const project = await gitlab.createProject({ path: SANDBOX_PROJECT });
    const base = await seedProject(project, o.seed);
    jenkins = await JenkinsEmulator.start({
      users: { [credentials.jenkinsUser]: { apiToken: credentials.jenkinsToken } },
      port: o.jenkinsPort,
      host: o.host,
    });
    jenkins.defineJob(JENKINS_JOB, {
      parameters: JOB_PARAMETERS.map((name) => ({ name, type: 'string' as const })),
      ...(o.job === 'merge-requests'
        ? { run: promoteEnvironmentJob(project) }
        : 'mergeRequests' in o.job
          ? { run: promoteEnvironmentJob(project, o.job.mergeRequests) }
          : o.job),
    });
    const addHook = (hook: string | WorldHook): void => {
      const spec = validHook(hook, o.promotionMap);
      project.addHook({
        url: spec.url,
        ...(spec.name === undefined ? {} : { name: spec.name }),
        token: credentials.webhookSecret,
        push_events: true,
        branch_filter_strategy: 'regex',
        push_events_branch_filter: mappedBranchFilterRegex(spec.promotionMap),
        ...(spec.enableSslVerification ? {} : { enable_ssl_verification: false }),
      });
    };
    if (o.hook) addHook(o.hook);
    const running = jenkins;
    return {
      gitlab,
      jenkins: running,
      project,
      credentials,
      base,
      env: emulatedWorldEnv(gitlab.url, running.url, credentials),
      addHook,
      stop: async () => {
        await Promise.all([gitlab.stop(), running.stop()]);
      },
    };
  } catch (error) {
    await Promise.all([gitlab.stop(), jenkins?.stop()]);
    throw error;
  }
}
