import type { EmulatedProject, JenkinsBuildResult } from '@auto-promote/emulators';
import { manifestPath } from './deployments-repository';
import { tagForEnvironment } from './image-tag-style';
import { retagManifest } from './retag-manifest';

export const promotionTitle = (app: string, target: string, tag: string): string =>
  `Promote ${app} to ${target}: ${tag}`;

/**
 * What the real `promote-environment` Jenkins job does, against the GitLab emulator: branch
 * `promote-<target>-<tag>` from the target environment, the app's image tag changed there, a commit,
 * and a merge request into the target branch. An older open promotion MR of the same app and target
 * is closed, so reviewers never see two conflicting ones.
 */
export function promoteEnvironmentJob(project: EmulatedProject) {
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

    const opened = project.mergeRequests({ state: 'opened', targetBranch: target });
    const title = promotionTitle(app, target, tag);
    let branch = `promote-${target}-${tag}`;
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
      for (const older of same) project.closeMergeRequest(older.iid);
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
