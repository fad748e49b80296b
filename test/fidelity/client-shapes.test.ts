import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitLabClient, HOOK_EVENT_FLAGS } from '@auto-promote/gitlab';
import { AnswerServer } from './support/answer-server';
import {
  isObject,
  realAnswer,
  realArray,
  realObject,
  str,
  type Json,
  type JsonObject,
} from './support/real-fixtures';

/**
 * The GitLab client against real GitLab answers (test/fixtures/real/api), older shapes included: each answer is
 * served as it is, at the path the client requests, by a local server; the test asserts what the client hands
 * the service. An answer that is one object where the endpoint lists objects is served as a one-element list.
 * The Jenkins half is in client-shapes-jenkins.test.ts.
 */
const PROJECT = 'p2c/k8s-deployments';
const API = `/api/v4/projects/${encodeURIComponent(PROJECT)}`;
const SHA = '0123456789abcdef0123456789abcdef01234567';
let server: AnswerServer;
let gitlab: GitLabClient;

beforeAll(async () => {
  server = await AnswerServer.start();
  gitlab = new GitLabClient({ url: server.url, token: 'glpat-fidelity', timeoutMs: 2_000 });
});

afterAll(async () => {
  await server.stop();
});

/** An answer that lists objects, from a real list, or from one real object as the list's only element. */
const asList = (file: string): { body: string; items: JsonObject[] } => {
  const { text, json } = realAnswer(file);
  const body = Array.isArray(json) ? text : `[${text}]`;
  const items = (Array.isArray(json) ? json : [json]).filter(isObject);
  return { body, items };
};

const obj = (value: Json | undefined): JsonObject => (isObject(value) ? value : {});

/** After each call: the client asked only where the real answer was served. */
const askedOnlyServedPaths = () => {
  expect(server.requests.length).toBeGreaterThan(0);
  expect(server.unmatched.map((r) => `${r.method} ${r.path}`)).toEqual([]);
};

describe('GitLabClient reads real GitLab answers', () => {
  it.each([
    'xanzy_go-gitlab__testdata_get_branch.json',
    'drone_go-scm__testdata_branch.json',
    'gitlab4j_gitlab4j-api__models_branch.json',
  ])('branch head from %s', async (file) => {
    server.serve({ method: 'GET', path: `${API}/repository/branches/dev`, body: realAnswer(file).text });
    expect(await gitlab.branchHead(PROJECT, 'dev')).toBe(str(obj(realObject(file)['commit']), 'id'));
    askedOnlyServedPaths();
  });

  it.each(['xanzy_go-gitlab__testdata_get_commit.json', 'drone_go-scm__testdata_commit.json'])(
    'commit sha of a ref from %s',
    async (file) => {
      server.serve({ method: 'GET', path: `${API}/repository/commits/dev`, body: realAnswer(file).text });
      const id = str(realObject(file), 'id');
      expect(id).toMatch(/^[0-9a-f]{40}$/);
      expect(await gitlab.commitSha(PROJECT, 'dev')).toBe(id);
      askedOnlyServedPaths();
    },
  );

  it.each([
    ['drone_go-scm__testdata_compare.json', 'without compare_timeout (older GitLab)'],
    ['gitlab4j_gitlab4j-api__models_compare-results.json', 'with compare_timeout'],
  ])('compare from %s, %s', async (file) => {
    const real = realObject(file);
    server.serve({
      method: 'GET',
      path: `${API}/repository/compare`,
      query: (q) => q.get('from') === 'a'.repeat(40) && q.get('to') === SHA && q.get('straight') === 'true',
      body: realAnswer(file).text,
    });
    const result = await gitlab.compare(PROJECT, 'a'.repeat(40), SHA);
    const diffs = (real['diffs'] as Json[]).map(obj);
    expect(diffs.length).toBeGreaterThan(0);
    expect(result.changes).toEqual(
      diffs.map((d) => ({
        oldPath: d['old_path'],
        newPath: d['new_path'],
        newFile: d['new_file'] === true,
        deleted: d['deleted_file'] === true,
      })),
    );
    expect(result.commits).toEqual(
      (real['commits'] as Json[]).map(obj).map((c) => ({
        id: c['id'],
        title: c['title'],
        message: c['message'] ?? c['title'],
        parentIds: c['parent_ids'] ?? [],
      })),
    );
    // One diff, far below any diff limit, and GitLab did not say it cut the list (or did not say anything).
    expect(real['compare_timeout'] ?? false).toBe(false);
    expect(result.truncated).toBe(false);
    askedOnlyServedPaths();
  });

  it.each(['drone_go-scm__testdata_content_list.json', 'gitlab4j_gitlab4j-api__models_tree.json'])(
    'tree from %s',
    async (file) => {
      server.serve({
        method: 'GET',
        path: `${API}/repository/tree`,
        query: (q) => q.get('path') === 'manifests' && q.get('ref') === 'dev',
        body: realAnswer(file).text,
      });
      const entries = realArray(file).map(obj);
      expect(await gitlab.tree(PROJECT, 'manifests', 'dev')).toEqual(
        entries.map((e) => ({ id: e['id'], name: e['name'], type: e['type'], path: e['path'] })),
      );
      askedOnlyServedPaths();
    },
  );

  it.each(['drone_go-scm__testdata_commit_diff.json', 'gitlab4j_gitlab4j-api__models_diff.json'])(
    'commit diff from %s',
    async (file) => {
      server.serve({
        method: 'GET',
        path: `${API}/repository/commits/${SHA}/diff`,
        body: realAnswer(file).text,
      });
      expect(await gitlab.commitDiff(PROJECT, SHA)).toEqual(
        realArray(file)
          .map(obj)
          .map((d) => ({
            oldPath: d['old_path'],
            newPath: d['new_path'],
            newFile: d['new_file'] === true,
            deleted: d['deleted_file'] === true,
          })),
      );
      askedOnlyServedPaths();
    },
  );

  it.each([
    'drone_go-scm__testdata_hooks.json',
    'drone_go-scm__testdata_hook.json',
    'gitlab4j_gitlab4j-api__models_hook.json',
    'gitlabhq_gitlabhq__project_webhooks.md_get-hook.json',
  ])('hooks without branch_filter_strategy from %s', async (file) => {
    const { body, items } = asList(file);
    expect(items.every((h) => !('branch_filter_strategy' in h))).toBe(true);
    server.serve({ method: 'GET', path: `${API}/hooks`, body });
    const hooks = await gitlab.listHooks(PROJECT);
    expect(hooks).toEqual(
      items.map((h) => ({
        id: h['id'],
        url: h['url'],
        pushEventsBranchFilter: h['push_events_branch_filter'] ?? '',
        branchFilterStrategy: null,
        enableSslVerification: h['enable_ssl_verification'] !== false,
        events: Object.fromEntries(
          HOOK_EVENT_FLAGS.filter((f) => typeof h[f] === 'boolean').map((f) => [f, h[f]]),
        ),
        // GitLab 15.1+ reports auto-disabling; older answers leave both out (read as unknown).
        alertStatus: h['alert_status'] ?? null,
        disabledUntil: h['disabled_until'] ?? null,
      })),
    );
    expect(hooks.every((h) => h.events.push_events === true)).toBe(true);
    askedOnlyServedPaths();
  });

  it.each([
    'xanzy_go-gitlab__testdata_get_merge_requests.json',
    'xanzy_go-gitlab__testdata_get_merge_request.json',
    'drone_go-scm__testdata_merge.json',
    'runatlantis_atlantis__events_testdata_gitlab-get-merge-request.json',
    'gitlab4j_gitlab4j-api__models_merge-request.json',
  ])('merge requests of a commit from %s', async (file) => {
    const { body, items } = asList(file);
    server.serve({ method: 'GET', path: `${API}/repository/commits/${SHA}/merge_requests`, body });
    const mrs = await gitlab.commitMergeRequests(PROJECT, SHA);
    expect(mrs).toHaveLength(items.length);
    mrs.forEach((mr, i) => {
      const real = items[i] ?? {};
      expect(mr).toMatchObject({
        iid: real['iid'],
        state: real['state'],
        sourceBranch: real['source_branch'],
        targetBranch: real['target_branch'],
        sha: real['sha'] ?? null,
        mergeCommitSha: real['merge_commit_sha'] ?? null,
        squashCommitSha: real['squash_commit_sha'] ?? null,
      });
      // gitlab4j's merge request has no web_url: the client builds the page from references.full or the project.
      const references = real['references'] as { full?: string } | undefined;
      const fallback = references?.full
        ? `${references.full.slice(0, references.full.lastIndexOf('!'))}/-/merge_requests/${Number(real['iid'])}`
        : `${String(PROJECT)}/-/merge_requests/${Number(real['iid'])}`;
      if (typeof real['web_url'] === 'string') expect(mr.webUrl).toBe(real['web_url']);
      else expect(mr.webUrl).toBe(`${server.url}/${fallback}`);
    });
    askedOnlyServedPaths();
  });

  it.each([
    'xanzy_go-gitlab__testdata_get_user.json',
    'drone_go-scm__testdata_user.json',
    'gitlab4j_gitlab4j-api__models_user.json',
  ])('current user from %s', async (file) => {
    server.serve({ method: 'GET', path: '/api/v4/user', body: realAnswer(file).text });
    const real = realObject(file);
    expect(await gitlab.currentUser()).toEqual({ id: real['id'], username: real['username'] });
    askedOnlyServedPaths();
  });

  it.each([
    'drone_go-scm__testdata_repo.json',
    'gitlab4j_gitlab4j-api__models_project.json',
    'runatlantis_atlantis__events_vcs_gitlab_testdata_project-success.json',
  ])('project from %s', async (file) => {
    server.serve({ method: 'GET', path: API, body: realAnswer(file).text });
    const real = realObject(file);
    expect(await gitlab.project(PROJECT)).toEqual({
      id: real['id'],
      pathWithNamespace: real['path_with_namespace'],
      defaultBranch: real['default_branch'],
    });
    askedOnlyServedPaths();
  });

  it.each(['drone_go-scm__testdata_status.json', 'gitlab4j_gitlab4j-api__models_commit-status.json'])(
    'commit status posted, answered with %s',
    async (file) => {
      server.serve({
        method: 'POST',
        path: `${API}/statuses/${SHA}`,
        status: 201,
        body: realAnswer(file).text,
      });
      expect(await gitlab.setCommitStatus(PROJECT, SHA, { state: 'running', name: 'auto-promote' })).toBe(
        'posted',
      );
      askedOnlyServedPaths();
    },
  );

  it.each(['drone_go-scm__testdata_merge_note.json', 'gitlab4j_gitlab4j-api__models_note.json'])(
    'merge request note created, answered with %s',
    async (file) => {
      server.serve({
        method: 'POST',
        path: `${API}/merge_requests/7/notes`,
        status: 201,
        body: realAnswer(file).text,
      });
      await expect(gitlab.createMergeRequestNote(PROJECT, 7, 'promoted')).resolves.toBeUndefined();
      askedOnlyServedPaths();
    },
  );
});
