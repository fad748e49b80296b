import type { Router } from 'express';
import { mergeRequestEntity, noteEntity } from '../entities/collaboration-entities';
import { mergeability } from '../model/merge-operation';
import type { MergeRequest } from '../model/merge-requests';
import type { EmulatedProject } from '../project';
import { ApiError, bool, defineRoute, int, required, str, pathParam, type ApiHost } from './http';

/** Merge requests and their notes: what auto-promote and the sandbox call. */

export async function mergeRequestJson(project: EmulatedProject, mr: MergeRequest, host: ApiHost) {
  const canBeMerged = mr.state === 'opened' ? await mergeability(project, mr) : undefined;
  return mergeRequestEntity({
    mr,
    project: project.descriptor,
    user: host.user,
    instanceUrl: host.instanceUrl,
    ...(canBeMerged === undefined ? {} : { canBeMerged }),
  });
}

function iidOf(raw: unknown): number {
  const iid = int(raw);
  if (iid === undefined) throw new ApiError(400, { error: 'merge_request_iid is invalid' });
  return iid;
}

export function registerMergeRequestRoutes(router: Router, host: ApiHost): void {
  defineRoute(router, host, 'post', '/projects/:id/merge_requests', async (_req, res, scope) => {
    const project = scope.project();
    const [title, sourceBranch, targetBranch] = required(
      scope.params,
      'title',
      'source_branch',
      'target_branch',
    ) as [string, string, string];
    const mr = await project.createMergeRequest({
      title,
      sourceBranch,
      targetBranch,
      description: str(scope.params['description']),
      removeSourceBranch: bool(scope.params['remove_source_branch']),
    });
    res.status(201).json(await mergeRequestJson(project, mr, host));
  });

  // The push hook of a merge made through the API is sent in the background, as GitLab's PostReceive does.
  defineRoute(router, host, 'put', '/projects/:id/merge_requests/:iid/merge', async (req, res, scope) => {
    const project = scope.project();
    const mr = await project.mergeMergeRequest(iidOf(pathParam(req, 'iid')), {
      sha: str(scope.params['sha']),
      message: str(scope.params['merge_commit_message']),
      shouldRemoveSourceBranch: bool(scope.params['should_remove_source_branch']),
      waitForHooks: false,
    });
    res.json(await mergeRequestJson(project, mr, host));
  });

  defineRoute(router, host, 'post', '/projects/:id/merge_requests/:iid/notes', (req, res, scope) => {
    const project = scope.project();
    const mr = project.mergeRequestStore.get(iidOf(pathParam(req, 'iid')));
    const [body] = required(scope.params, 'body') as [string];
    const note = project.addNote(mr.iid, body);
    res.status(201).json(noteEntity(note, mr, host.user, host.instanceUrl));
  });
}
