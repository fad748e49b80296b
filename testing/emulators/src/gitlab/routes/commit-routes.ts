import type { Router } from 'express';
import { diffEntity } from '../entities/repository-entities';
import { diffCommits } from '../git/git-content';
import type { MergeRequest } from '../model/merge-requests';
import type { EmulatedProject } from '../project';
import { mergeRequestJson } from './merge-request-routes';
import { defineRoute, notFound, pathParam, sendPage, type ApiHost } from './http';

/** Per-commit reads: the commit's diff and the merge requests it belongs to. */

/** Whether `sha` is one of the MR's commits, or its head, or the merge commit that merged it. */
async function relates(project: EmulatedProject, mr: MergeRequest, sha: string): Promise<boolean> {
  if (mr.sha === sha || mr.mergeCommitSha === sha) return true;
  // The MR's commits: from its head back to where the target branch was (before the merge, when merged).
  const base =
    mr.mergeCommitSha !== null
      ? (await project.repo.readCommit(mr.mergeCommitSha)).parents[0]
      : project.branchHead(mr.targetBranch);
  const commits = await project.repo.revList(mr.sha, base === undefined ? [] : [base]);
  return commits.includes(sha);
}

export function registerCommitRoutes(router: Router, host: ApiHost): void {
  // GitLab diffs a commit against its first parent (a merge commit shows what it brought to the mainline).
  defineRoute(router, host, 'get', '/projects/:id/repository/commits/:sha/diff', async (req, res, scope) => {
    const project = scope.project();
    const sha = await project.resolve(pathParam(req, 'sha'));
    if (sha === null) throw notFound('Commit');
    const info = await project.repo.readCommit(sha);
    const diff = await diffCommits(project.repo.git, info.parents[0] ?? null, sha, host.compareMaxFiles());
    sendPage(req, res, diff.entries.map(diffEntity));
  });

  defineRoute(
    router,
    host,
    'get',
    '/projects/:id/repository/commits/:sha/merge_requests',
    async (req, res, scope) => {
      const project = scope.project();
      const sha = await project.resolve(pathParam(req, 'sha'));
      if (sha === null) throw notFound('Commit');
      const related: MergeRequest[] = [];
      for (const mr of project.mergeRequests({ state: 'all' })) {
        if (await relates(project, mr, sha)) related.push(mr);
      }
      sendPage(req, res, await Promise.all(related.map((mr) => mergeRequestJson(project, mr, host))));
    },
  );
}
