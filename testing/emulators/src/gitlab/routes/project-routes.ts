import type { Router } from 'express';
import { commitStatusEntity } from '../entities/collaboration-entities';
import { branchEntity, commitDetailEntity, projectEntity } from '../entities/repository-entities';
import { isStatusState } from '../model/commit-statuses';
import type { EmulatedProject } from '../project';
import {
  ApiError,
  defineRoute,
  invalidValue,
  notFound,
  required,
  str,
  pathParam,
  type ApiHost,
} from './http';

/** GET project, a branch and a commit; POST a commit status. */

async function branchJson(project: EmulatedProject, name: string, head: string) {
  const info = await project.repo.readCommit(head);
  const defaultHead = project.branchHead(project.defaultBranch);
  const merged =
    name !== project.defaultBranch &&
    defaultHead !== undefined &&
    (await project.repo.isAncestor(head, defaultHead));
  return branchEntity(name, info, project.descriptor, { protected: project.isProtected(name), merged });
}

async function commitStats(project: EmulatedProject, sha: string, parent: string | undefined) {
  const range = parent === undefined ? ['--root', sha] : [parent, sha];
  const out = await project.repo.git(['diff-tree', '-r', '--numstat', '--no-commit-id', ...range]);
  let additions = 0;
  let deletions = 0;
  for (const line of out.stdout.toString('utf8').split('\n')) {
    const [added = '', removed = ''] = line.split('\t');
    if (/^\d+$/.test(added)) additions += Number(added);
    if (/^\d+$/.test(removed)) deletions += Number(removed);
  }
  return { additions, deletions };
}

export function registerProjectRoutes(router: Router, host: ApiHost): void {
  defineRoute(router, host, 'get', '/projects/:id', (_req, res, scope) => {
    const project = scope.project();
    const empty = project.branchNames().length === 0;
    res.json(projectEntity(project.descriptor, host.instanceUrl, empty));
  });

  defineRoute(router, host, 'get', '/projects/:id/repository/branches/:branch', async (req, res, scope) => {
    const project = scope.project();
    const name = pathParam(req, 'branch');
    const head = project.branchHead(name);
    if (head === undefined) throw notFound('Branch');
    res.json(await branchJson(project, name, head));
  });

  defineRoute(router, host, 'get', '/projects/:id/repository/commits/:sha', async (req, res, scope) => {
    const project = scope.project();
    const sha = await project.resolve(pathParam(req, 'sha'));
    if (sha === null) throw notFound('Commit');
    const info = await project.repo.readCommit(sha);
    res.json(commitDetailEntity(info, project.descriptor, await commitStats(project, sha, info.parents[0])));
  });

  defineRoute(router, host, 'post', '/projects/:id/statuses/:sha', async (req, res, scope) => {
    const project = scope.project();
    const { params } = scope;
    const [state] = required(params, 'state');
    if (!isStatusState(state)) throw invalidValue('state');
    const sha = await project.resolve(pathParam(req, 'sha'));
    if (sha === null) throw notFound('Commit');
    const ref = str(params['ref']) ?? (await project.branchesContaining(sha))[0];
    if (ref === undefined) throw notFound('References for commit');
    const description = str(params['description']);
    if (description !== undefined && description.length > 255) {
      throw new ApiError(400, { message: { description: ['is too long (maximum is 255 characters)'] } });
    }
    const status = project.statusStore.apply(
      {
        sha,
        ref,
        state,
        name: str(params['name']) ?? str(params['context']) ?? 'default',
        targetUrl: str(params['target_url']),
        description,
      },
      new Date(host.now()).toISOString(),
    );
    res.status(201).json(commitStatusEntity(status, host.user, host.instanceUrl));
  });
}
