import type { Config } from '@auto-promote/config';
import { isZeroSha, targetFor } from '@auto-promote/domain';
import type { GitLabClient } from '@auto-promote/gitlab';
import { OperationError } from './errors/operation-error';
import { UsageError } from './errors/usage-error';

/** A push range an operator named (`--ref dev --before A --after B`), resolved to full shas. */
export interface ResolvedPush {
  projectId: number;
  projectPath: string;
  branch: string;
  before: string;
  after: string;
  targetEnv: string;
}

/** `refs/heads/dev` or `dev` → `dev`. */
export function branchOf(ref: string): string {
  return ref.replace(/^refs\/heads\//, '');
}

/**
 * Resolves `--before`/`--after` (shas, short shas or refs; `after` defaults to the branch head) to full shas
 * in GITLAB_PROJECT, so promotion ids come out as the webhook's would. The branch must promote somewhere.
 */
export async function resolvePush(
  gitlab: GitLabClient,
  config: Pick<Config, 'gitlab' | 'promotion'>,
  input: { ref: string; before: string; after?: string },
): Promise<ResolvedPush> {
  const branch = branchOf(input.ref);
  const targetEnv = targetFor(config.promotion.map, branch);
  if (targetEnv === null) {
    throw new UsageError(
      `'${branch}' has no promotion target in PROMOTION_MAP (sources: ${[...config.promotion.map.keys()].join(', ')})`,
    );
  }
  const project = await gitlab.project(config.gitlab.project);
  const resolve = async (name: string, ref: string): Promise<string> => {
    if (isZeroSha(ref)) return ref.toLowerCase();
    const sha = await gitlab.commitSha(project.id, ref);
    if (sha === null)
      throw new OperationError(`${name} '${ref}' is not a commit of ${project.pathWithNamespace}`);
    return sha;
  };
  const after =
    input.after === undefined
      ? await gitlab.branchHead(project.id, branch)
      : await resolve('--after', input.after);
  if (after === null)
    throw new OperationError(`branch '${branch}' does not exist in ${project.pathWithNamespace}`);
  return {
    projectId: project.id,
    projectPath: project.pathWithNamespace,
    branch,
    before: await resolve('--before', input.before),
    after,
    targetEnv,
  };
}
