import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GitLabEmulator, type EmulatedProject } from '../../../testing/emulators/src/gitlab';

const TOKEN = 'glpat-test-token';

describe('GitLab emulator REST API', () => {
  let gitlab: GitLabEmulator;
  let project: EmulatedProject;
  let mainSha: string;

  const api = (path: string, init: RequestInit = {}, token: string | null = TOKEN): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (token !== null) headers.set('PRIVATE-TOKEN', token);
    return fetch(`${gitlab.url}/api/v4${path}`, { ...init, headers });
  };
  const json = async (path: string): Promise<{ status: number; body: unknown; headers: Headers }> => {
    const res = await api(path);
    return { status: res.status, body: await res.json(), headers: res.headers };
  };

  beforeAll(async () => {
    gitlab = await GitLabEmulator.start({ token: TOKEN });
    project = await gitlab.createProject({ path: 'p2c/k8s-deployments', id: 42 });
    mainSha = await project.commit({
      branch: 'main',
      files: { 'env.cue': 'env: "main"\n', 'manifests/app-a/app.yaml': 'replicas: 1\n' },
      message: 'Initial commit',
    });
  });

  afterAll(async () => {
    await gitlab.stop();
  });

  afterEach(() => {
    gitlab.faults.reset();
    gitlab.setCompareMaxFiles(1000);
  });

  describe('auth', () => {
    it('answers 401 to a wrong token, even on reads', async () => {
      const res = await api('/projects/42', {}, 'wrong');
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ message: '401 Unauthorized' });
    });

    it('accepts the token as Bearer', async () => {
      const res = await api('/projects/42', { headers: { Authorization: `Bearer ${TOKEN}` } }, null);
      expect(res.status).toBe(200);
    });

    it('answers 401 to an anonymous write and hides a private project from anonymous reads', async () => {
      const write = await api('/projects/42/hooks', { method: 'POST' }, null);
      expect(write.status).toBe(401);
      expect(await write.json()).toEqual({ message: '401 Unauthorized' });
      const read = await api('/projects/42', {}, null);
      expect(read.status).toBe(404);
      expect(await read.json()).toEqual({ message: '404 Project Not Found' });
    });
  });

  describe('projects', () => {
    it('finds a project by id and by URL-encoded path', async () => {
      const byId = await json('/projects/42');
      const byPath = await json('/projects/p2c%2Fk8s-deployments');
      expect(byId.status).toBe(200);
      expect(byPath.body).toEqual(byId.body);
      expect(byId.body).toMatchObject({
        id: 42,
        name: 'k8s-deployments',
        path: 'k8s-deployments',
        path_with_namespace: 'p2c/k8s-deployments',
        default_branch: 'main',
        web_url: `${gitlab.url}/p2c/k8s-deployments`,
      });
    });

    it('answers unknown projects and routes like GitLab', async () => {
      expect(await json('/projects/999')).toMatchObject({
        status: 404,
        body: { message: '404 Project Not Found' },
      });
      expect(await json('/projects/p2c%2Fnope')).toMatchObject({ status: 404 });
      expect(await json('/nothing/here')).toMatchObject({ status: 404, body: { error: '404 Not Found' } });
    });
  });

  describe('branches and commits', () => {
    it('returns a branch with its head commit, and 404 Branch Not Found', async () => {
      await project.createBranch('feature/x', 'main');
      const { status, body } = await json('/projects/42/repository/branches/feature%2Fx');
      expect(status).toBe(200);
      expect(body).toMatchObject({
        name: 'feature/x',
        default: false,
        protected: false,
        commit: { id: mainSha, short_id: mainSha.slice(0, 8), title: 'Initial commit', parent_ids: [] },
      });
      expect(await json('/projects/42/repository/branches/nope')).toMatchObject({
        status: 404,
        body: { message: '404 Branch Not Found' },
      });
      await project.deleteBranch('feature/x');
    });

    it('returns a commit by sha or ref, and 404 Commit Not Found', async () => {
      const { status, body } = await json(`/projects/42/repository/commits/${mainSha}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        id: mainSha,
        message: 'Initial commit\n',
        stats: { additions: 2, deletions: 0 },
      });
      expect((await json('/projects/42/repository/commits/main')).body).toMatchObject({ id: mainSha });
      expect(await json(`/projects/42/repository/commits/${'a'.repeat(40)}`)).toMatchObject({
        status: 404,
        body: { message: '404 Commit Not Found' },
      });
    });
  });

  describe('files', () => {
    it('serves raw files as text/plain and 404 File Not Found', async () => {
      const res = await api('/projects/42/repository/files/manifests%2Fapp-a%2Fapp.yaml/raw?ref=main');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toBe('replicas: 1\n');
      expect(await json('/projects/42/repository/files/missing.yaml/raw?ref=main')).toMatchObject({
        status: 404,
        body: { message: '404 File Not Found' },
      });
      expect(await project.readFile('main', 'env.cue')).toBe('env: "main"\n');
    });

    it('serves file metadata with base64 content', async () => {
      const { status, body } = await json('/projects/42/repository/files/env.cue?ref=main');
      expect(status).toBe(200);
      expect(body).toMatchObject({ file_path: 'env.cue', encoding: 'base64', commit_id: mainSha });
      const content = (body as { content: string }).content;
      expect(Buffer.from(content, 'base64').toString()).toBe('env: "main"\n');
    });
  });

  describe('tree', () => {
    it('paginates with GitLab headers', async () => {
      const files = Object.fromEntries(
        Array.from({ length: 25 }, (_, i) => [`many/f${String(i).padStart(2, '0')}`, `${i}`]),
      );
      await project.commit({ branch: 'tree-test', startBranch: 'main', files, message: 'many files' });
      const first = await json('/projects/42/repository/tree?ref=tree-test&path=many&per_page=10');
      expect((first.body as unknown[]).length).toBe(10);
      expect(first.headers.get('x-total')).toBe('25');
      expect(first.headers.get('x-total-pages')).toBe('3');
      expect(first.headers.get('x-next-page')).toBe('2');
      expect(first.headers.get('x-prev-page')).toBe('');
      expect(first.headers.get('link')).toContain('rel="next"');
      const last = await json('/projects/42/repository/tree?ref=tree-test&path=many&per_page=10&page=3');
      expect((last.body as { name: string }[]).map((e) => e.name)).toEqual([
        'f20',
        'f21',
        'f22',
        'f23',
        'f24',
      ]);
      expect(last.headers.get('x-next-page')).toBe('');
      const defaults = await json('/projects/42/repository/tree?ref=tree-test&path=many');
      expect(defaults.headers.get('x-per-page')).toBe('20');
      const capped = await json('/projects/42/repository/tree?ref=tree-test&path=many&per_page=500');
      expect(capped.headers.get('x-per-page')).toBe('100');
    });

    it('changes tree ids only for the directory that changed', async () => {
      await project.commit({
        branch: 'tree-ids',
        startBranch: 'main',
        files: { 'manifests/app-b/app.yaml': 'b: 1\n' },
        message: 'add app-b',
      });
      const before = (await json('/projects/42/repository/tree?ref=tree-ids&path=manifests')).body as {
        name: string;
        id: string;
        type: string;
        mode: string;
      }[];
      expect(before.every((entry) => entry.type === 'tree' && entry.mode === '040000')).toBe(true);
      await project.commit({
        branch: 'tree-ids',
        files: { 'manifests/app-a/app.yaml': 'replicas: 2\n' },
        message: 'a',
      });
      const after = (await json('/projects/42/repository/tree?ref=tree-ids&path=manifests'))
        .body as typeof before;
      const id = (list: typeof before, name: string): string | undefined =>
        list.find((e) => e.name === name)?.id;
      expect(id(after, 'app-a')).not.toBe(id(before, 'app-a'));
      expect(id(after, 'app-b')).toBe(id(before, 'app-b'));
      expect(id(after, 'app-a')).toMatch(/^[0-9a-f]{40}$/);
    });

    it('answers 404 Tree Not Found for unknown paths and refs', async () => {
      expect(await json('/projects/42/repository/tree?ref=main&path=nope')).toMatchObject({
        status: 404,
        body: { message: '404 Tree Not Found' },
      });
      expect(await json('/projects/42/repository/tree?ref=nope')).toMatchObject({ status: 404 });
    });
  });

  describe('compare', () => {
    type Compare = {
      commits: { id: string }[];
      diffs: {
        old_path: string;
        new_path: string;
        new_file: boolean;
        deleted_file: boolean;
        renamed_file: boolean;
      }[];
      compare_timeout: boolean;
      compare_same_ref: boolean;
    };
    const compare = async (query: string): Promise<Compare> => {
      const res = await json(`/projects/42/repository/compare?${query}`);
      expect(res.status).toBe(200);
      return res.body as Compare;
    };
    const paths = (c: Compare): string[] =>
      c.diffs.map((d) => `${d.deleted_file ? '-' : d.new_file ? '+' : '~'}${d.new_path}`);

    it('diffs from the merge base by default and directly with straight=true (force-pushed branch)', async () => {
      const a = await project.commit({
        branch: 'rewind',
        startBranch: 'main',
        files: { 'a.txt': 'a\n' },
        message: 'A',
      });
      const b = await project.commit({ branch: 'rewind', files: { 'b.txt': 'b\n' }, message: 'B' });
      await project.forcePush('rewind', a);
      const c = await project.commit({ branch: 'rewind', files: { 'c.txt': 'c\n' }, message: 'C' });

      const straight = await compare(`from=${b}&to=${c}&straight=true`);
      expect(paths(straight)).toEqual(['-b.txt', '+c.txt']);
      const mergeBase = await compare(`from=${b}&to=${c}`);
      expect(paths(mergeBase)).toEqual(['+c.txt']);
      expect(mergeBase.commits.map((commit) => commit.id)).toEqual([c]);
      expect(straight.commits.map((commit) => commit.id)).toEqual([c]);
    });

    it('lists commits oldest first and reports same refs', async () => {
      const x = await project.commit({
        branch: 'order',
        startBranch: 'main',
        files: { 'x.txt': 'x' },
        message: 'X',
      });
      const y = await project.commit({ branch: 'order', files: { 'y.txt': 'y' }, message: 'Y' });
      const result = await compare('from=main&to=order');
      expect(result.commits.map((commit) => commit.id)).toEqual([x, y]);
      expect((await compare('from=order&to=order')).compare_same_ref).toBe(true);
    });

    it('answers an all-zero from with 200 and nothing in it', async () => {
      const res = await json(`/projects/42/repository/compare?from=${'0'.repeat(40)}&to=main`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ commit: null, commits: [], diffs: [], compare_timeout: false });
    });

    it('answers 404 for unknown refs', async () => {
      expect(await json('/projects/42/repository/compare?from=main&to=nope')).toMatchObject({
        status: 404,
        body: { message: '404 Ref Not Found' },
      });
      expect(await json(`/projects/42/repository/compare?from=${'b'.repeat(40)}&to=main`)).toMatchObject({
        status: 404,
      });
      expect(await json('/projects/42/repository/compare?to=main')).toMatchObject({
        status: 400,
        body: { error: 'from is missing' },
      });
    });

    it('truncates diffs beyond the limit and flags compare_timeout', async () => {
      const files = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`wide/f${i}.txt`, `${i}\n`]));
      await project.commit({ branch: 'wide', startBranch: 'main', files, message: 'wide' });
      gitlab.setCompareMaxFiles(3);
      const truncated = await compare('from=main&to=wide');
      expect(truncated.diffs).toHaveLength(3);
      expect(truncated.compare_timeout).toBe(true);
      expect(truncated.diffs.map((d) => d.new_path)).toEqual(['wide/f0.txt', 'wide/f1.txt', 'wide/f2.txt']);
      gitlab.setCompareMaxFiles(1000);
      const full = await compare('from=main&to=wide');
      expect(full.diffs).toHaveLength(5);
      expect(full.compare_timeout).toBe(false);
    });

    it('detects renames', async () => {
      await project.commit({
        branch: 'rename',
        startBranch: 'main',
        files: { 'manifests/app-a/app.yaml': null, 'manifests/app-c/app.yaml': 'replicas: 1\n' },
        message: 'move app-a to app-c',
      });
      const result = await compare('from=main&to=rename');
      expect(result.diffs).toEqual([
        expect.objectContaining({
          old_path: 'manifests/app-a/app.yaml',
          new_path: 'manifests/app-c/app.yaml',
          renamed_file: true,
          new_file: false,
          deleted_file: false,
          diff: '',
        }),
      ]);
    });
  });

  describe('request log', () => {
    it('counts requests per route pattern', async () => {
      gitlab.clearRequests();
      await api('/projects/42/repository/compare?from=main&to=main');
      await api('/projects/p2c%2Fk8s-deployments/repository/compare?from=main&to=main');
      await api('/projects/42');
      expect(gitlab.countRequests('GET /projects/:id/repository/compare')).toBe(2);
      expect(gitlab.requests[2]).toMatchObject({ method: 'GET', route: 'GET /projects/:id', status: 200 });
    });
  });

  describe('faults', () => {
    it('answers 503 when down, but keeps control routes reachable', async () => {
      gitlab.faults.set({ mode: 'down' });
      expect((await api('/projects/42')).status).toBe(503);
      const list = await fetch(`${gitlab.url}/__emulator/projects/42/merge_requests`);
      expect(list.status).toBe(200);
    });

    it('refuses connections', async () => {
      gitlab.faults.set({ mode: 'refuse' });
      await expect(api('/projects/42')).rejects.toThrow();
      gitlab.faults.reset();
      expect((await api('/projects/42')).status).toBe(200);
    });

    it('fails a share of requests when flaky', async () => {
      gitlab.faults.set({ flakyRate: 0.5 });
      const statuses = await Promise.all(
        Array.from({ length: 40 }, async () => (await api('/projects/42')).status),
      );
      const failed = statuses.filter((status) => status === 502).length;
      expect(failed).toBeGreaterThan(5);
      expect(failed).toBeLessThan(35);
      expect(statuses.every((status) => status === 200 || status === 502)).toBe(true);
    });
  });

  describe('control routes', () => {
    it('commits through HTTP and lists merge requests', async () => {
      const res = await fetch(`${gitlab.url}/__emulator/projects/p2c%2Fk8s-deployments/commits`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          branch: 'sandbox',
          start_branch: 'main',
          files: { 'env.cue': 'x\n' },
          message: 'm',
        }),
      });
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      expect(project.branchHead('sandbox')).toBe(id);
      const list = await fetch(`${gitlab.url}/__emulator/projects/42/merge_requests`);
      expect(await list.json()).toEqual([]);
    });
  });
});
