import { createHash } from 'node:crypto';
import type { Router } from 'express';
import { commitEntity, diffEntity } from '../entities/repository-entities';
import { listTree, readBlob } from '../git/git-content';
import { bool, defineRoute, notFound, required, sendPage, str, pathParam, type ApiHost } from './http';

/** Compare, tree and file endpoints: the repository reads auto-promote relies on. */

const ALL_ZEROS = /^0+$/;

export function registerRepositoryRoutes(router: Router, host: ApiHost): void {
  defineRoute(router, host, 'get', '/projects/:id/repository/compare', async (_req, res, scope) => {
    const project = scope.project();
    const [from, to] = required(scope.params, 'from', 'to') as [string, string];
    const straight = bool(scope.params['straight']) ?? false;
    const webUrl = project.descriptor.webUrl;
    const toSha = await project.resolve(to);
    if (toSha === null) throw notFound('Ref');
    // GitLab quirk: an all-zero `from` (a branch-creation `before`) is answered 200 with nothing in it.
    if (ALL_ZEROS.test(from)) {
      res.json({
        commit: null,
        commits: [],
        diffs: [],
        compare_timeout: false,
        compare_same_ref: false,
        web_url: `${webUrl}/-/compare/${from}...${toSha}`,
      });
      return;
    }
    const fromSha = await project.resolve(from);
    if (fromSha === null) throw notFound('Ref');
    const repo = project.repo;
    // straight=false diffs from the merge base (from...to); straight=true diffs from..to directly.
    const base = straight ? fromSha : ((await repo.mergeBase(fromSha, toSha)) ?? fromSha);
    const commits = await repo.readCommits(await repo.revList(toSha, [fromSha]));
    const limit = host.compareMaxFiles();
    const diff = await repo.diff(base, toSha, limit);
    const last = commits[commits.length - 1];
    res.json({
      commit: last === undefined ? null : commitEntity(last, project.descriptor),
      commits: commits.map((info) => commitEntity(info, project.descriptor)),
      diffs: diff.entries.map(diffEntity),
      // Older GitLab cuts the list at the limit without saying so.
      ...(host.olderGitLab ? {} : { compare_timeout: diff.total > limit }),
      compare_same_ref: fromSha === toSha,
      web_url: `${webUrl}/-/compare/${fromSha}...${toSha}`,
    });
  });

  defineRoute(router, host, 'get', '/projects/:id/repository/tree', async (req, res, scope) => {
    const project = scope.project();
    const ref = str(scope.params['ref']) ?? project.defaultBranch;
    const sha = await project.resolve(ref);
    if (sha === null) throw notFound('Tree');
    const recursive = bool(scope.params['recursive']) ?? false;
    const entries = await listTree(project.repo.objects, sha, str(scope.params['path']) ?? '', recursive);
    if (entries === null) throw notFound('Tree');
    sendPage(req, res, entries);
  });

  defineRoute(
    router,
    host,
    'get',
    '/projects/:id/repository/files/:file_path/raw',
    async (req, res, scope) => {
      const project = scope.project();
      const sha = await project.resolve(str(scope.params['ref']) ?? project.defaultBranch);
      if (sha === null) throw notFound('Commit');
      const blob = await readBlob(project.repo.objects, sha, pathParam(req, 'file_path'));
      if (blob === null) throw notFound('File');
      res.status(200).type('text/plain; charset=utf-8').send(blob.content);
    },
  );

  defineRoute(router, host, 'get', '/projects/:id/repository/files/:file_path', async (req, res, scope) => {
    const project = scope.project();
    const [ref] = required(scope.params, 'ref') as [string];
    const sha = await project.resolve(ref);
    if (sha === null) throw notFound('Commit');
    const path = pathParam(req, 'file_path');
    const blob = await readBlob(project.repo.objects, sha, path);
    if (blob === null) throw notFound('File');
    const lastCommit = await project.repo.git(['log', '-1', '--format=%H', sha, '--', path]);
    res.json({
      file_name: path.slice(path.lastIndexOf('/') + 1),
      file_path: path,
      size: blob.content.length,
      encoding: 'base64',
      content: blob.content.toString('base64'),
      content_sha256: createHash('sha256').update(blob.content).digest('hex'),
      ref,
      blob_id: blob.id,
      commit_id: sha,
      last_commit_id: lastCommit.stdout.toString('utf8').trim(),
      execute_filemode: blob.mode === '100755',
    });
  });
}
