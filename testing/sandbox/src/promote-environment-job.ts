import type { EmulatedProject, JenkinsBuildResult } from '@auto-promote/emulators';
import { manifestPath } from './deployments-repository';
import { tagForEnvironment } from './image-tag-style';
import { retagManifest } from './retag-manifest';

export const promotionTitle = (app: string, target: string, tag: string): string =>
  `Promote ${app} to ${target}: ${tag}`;

/** How the emulated job behaves where real jobs differ. */
export interface PromoteEnvironmentJobOptions {
  /**
   * The branch its merge request comes from, from the job's parameters. Default `promote-<TARGET_ENV>-<IMAGE_TAG>`:
   * auto-promote's default PROMOTION_MR_BRANCH, `promote-{target}-{tag}`.
   */
  branch?: (params: Record<string, string>) => string;
  /** False: the job succeeds without opening any merge request (a job that only deploys). Default true. */
  openMergeRequest?: boolean;
  /** False: an older open promotion MR of the same app and target is left open. Default true. */
  closeOlder?: boolean;
}

const defaultBranch = (params: Record<string, string>): string =>
  `promote-${params['TARGET_ENV'] ?? ''}-${params['IMAGE_TAG'] ?? ''}`;

/**
 * What the real `promote-environment` Jenkins job does, against the GitLab emulator: branch
 * `promote-<target>-<tag>` from the target environment, the app's image tag changed there, a commit,
 * and a merge request into the target branch. An older open promotion MR of the same app and target
 * is closed, so reviewers never see two conflicting ones (unless `closeOlder` is false).
 */
export function promoteEnvironmentJob(project: EmulatedProject, options: PromoteEnvironmentJobOptions = {}) {
  const { openMergeRequest = true, closeOlder = true, branch: branchOf = defaultBranch } = options;
  // Builds of one app and target may run at once: choosing which merge request stays open is done one
  // build at a time, and the newest build (by number) wins whatever order they finish in.
  const lanes = new Map<string, Promise<unknown>>();
  const inLane = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const run = (lanes.get(key) ?? Promise.resolve()).then(work, work);
    lanes.set(key, run);
    return run;
  };
  return async ({
    number,
    params,
  }: {
    number: number;
    params: Record<string, string>;
  }): Promise<JenkinsBuildResult> => {
    const app = params['APP_NAME'] ?? '';
    const source = params['SOURCE_ENV'] ?? '';
    const target = params['TARGET_ENV'] ?? '';
    const sourceTag = params['IMAGE_TAG'] ?? '';
    if (!app || !target || !sourceTag) return 'FAILURE';
    const path = manifestPath(app);
    const current = await project.readFile(target, path);
    if (current === null) return 'FAILURE';
    const tag = tagForEnvironment(sourceTag, target);
    const updated = retagManifest(current, app, tag);
    if (updated === current) return 'SUCCESS'; // the target already runs this tag
    if (!openMergeRequest) return 'SUCCESS';

    const opened = project.mergeRequests({ state: 'opened', targetBranch: target });
    const title = promotionTitle(app, target, tag);
    let branch = branchOf(params);
    const taken = opened.find((mr) => mr.sourceBranch === branch);
    if (taken && taken.title === title) return 'SUCCESS'; // a retried build: the MR is already open
    if (taken || project.branchHead(branch) !== undefined) branch = `${branch}-${app}`;

    await project.createBranch(branch, target);
    await project.commit({
      branch,
      files: { [path]: updated },
      message: `${title}\n\nPromotion ${params['PROMOTION_ID'] ?? ''}`,
    });
    const buildOf = (description: string | null | undefined) =>
      Number(/Jenkins build #(\d+)/.exec(description ?? '')?.[1] ?? 0);
    await inLane(`${app}\u0000${target}`, async () => {
      const same = project
        .mergeRequests({ state: 'opened', targetBranch: target })
        .filter((mr) => mr.title.startsWith(`Promote ${app} to ${target}:`));
      if (same.some((mr) => buildOf(mr.description) > number)) return; // a newer build's MR is open
      if (closeOlder) for (const older of same) project.closeMergeRequest(older.iid);
      await project.createMergeRequest({
        sourceBranch: branch,
        targetBranch: target,
        title,
        description: `Promotes ${app} from ${source} to ${target} (image tag ${tag}).\n\nPROMOTION_ID: ${params['PROMOTION_ID'] ?? ''}\nJenkins build #${number}`,
        removeSourceBranch: true,
      });
    });
    return 'SUCCESS';
  };
}
