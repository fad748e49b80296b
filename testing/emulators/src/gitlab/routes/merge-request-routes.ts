import type { Router } from 'express';
import { mergeRequestEntity, noteEntity } from '../entities/collaboration-entities';
import { commitEntity } from '../entities/repository-entities';
import { mergeability } from '../model/merge-operation';
import type { MergeRequest } from '../model/merge-requests';
import type { EmulatedProject } from '../project';
import {
  ApiError,
  bool,
  defineRoute,
  int,
  invalidValue,
  required,
  sendPage,
  str,
  pathParam,
  type ApiHost,
} from './http';

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

/** The merge request's commits, newest first: from its head back to where the target was (before the merge). */
async function mergeRequestCommits(project: EmulatedProject, mr: MergeRequest) {
  const base =
    mr.mergeCommitSha !== null
      ? (await project.repo.readCommit(mr.mergeCommitSha)).parents[0]
      : project.branchHead(mr.targetBranch);
  const shas = await project.repo.revList(mr.sha, base === undefined ? [] : [base]);
  const infos = await project.repo.readCommits([...shas].reverse());
  return infos.map((info) => commitEntity(info, project.descriptor));
}

const LIST_STATES = ['opened', 'closed', 'locked', 'merged', 'all'];

export function registerMergeRequestRoutes(router: Router, host: ApiHost): void {
  // GET /projects/:id/merge_requests: state (default all), source_branch, target_branch, created_after;
  // newest first, paginated.
  defineRoute(router, host, 'get', '/projects/:id/merge_requests', async (req, res, scope) => {
    const project = scope.project();
    const state = str(scope.params['state']) ?? 'all';
    if (!LIST_STATES.includes(state)) throw invalidValue('state');
    const createdAfter = str(scope.params['created_after']);
    const after = createdAfter === undefined ? undefined : Date.parse(createdAfter);
    if (after !== undefined && !Number.isFinite(after)) throw invalidValue('created_after');
    const sourceBranch = str(scope.params['source_branch']);
    const targetBranch = str(scope.params['target_branch']);
    const list = project
      .mergeRequests({
        state,
        ...(sourceBranch === undefined ? {} : { sourceBranch }),
        ...(targetBranch === undefined ? {} : { targetBranch }),
      })
      .filter((mr) => after === undefined || Date.parse(mr.createdAt) >= after);
    sendPage(req, res, await Promise.all(list.map((mr) => mergeRequestJson(project, mr, host))));
  });

  defineRoute(router, host, 'get', '/projects/:id/merge_requests/:iid', async (req, res, scope) => {
    const project = scope.project();
    const mr = project.mergeRequestStore.get(iidOf(pathParam(req, 'iid')));
    res.json(await mergeRequestJson(project, mr, host));
  });

  defineRoute(router, host, 'get', '/projects/:id/merge_requests/:iid/commits', async (req, res, scope) => {
    const project = scope.project();
    const mr = project.mergeRequestStore.get(iidOf(pathParam(req, 'iid')));
    sendPage(req, res, await mergeRequestCommits(project, mr));
  });

  // PUT …/:iid state_event=close|reopen: GitLab answers the merge request as it is after (a merged one, or
  // one already in that state, unchanged).
  defineRoute(router, host, 'put', '/projects/:id/merge_requests/:iid', async (req, res, scope) => {
    const project = scope.project();
    const iid = iidOf(pathParam(req, 'iid'));
    const event = str(scope.params['state_event']);
    if (event !== undefined && event !== 'close' && event !== 'reopen') throw invalidValue('state_event');
    const mr = project.mergeRequestStore.get(iid);
    if (event === 'close' && mr.state === 'opened') project.closeMergeRequest(iid);
    if (event === 'reopen' && mr.state === 'closed') project.reopenMergeRequest(iid);
    res.json(await mergeRequestJson(project, project.mergeRequestStore.get(iid), host));
  });

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
