import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GitLabEmulator, HookReceiver, type EmulatedProject } from '../../../testing/emulators/src/gitlab';

const TOKEN = 'mr-test-token';

describe('GitLab emulator merge requests and commit statuses', () => {
  let gitlab: GitLabEmulator;
  let receiver: HookReceiver;
  let project: EmulatedProject;
  let counter = 1;

  const call = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(`${gitlab.url}/api/v4/projects/${project.id}${path}`, {
      method,
      headers: { 'PRIVATE-TOKEN': TOKEN, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    gitlab = await GitLabEmulator.start({ token: TOKEN });
    receiver = await HookReceiver.start();
  });

  afterAll(async () => {
    await receiver.stop();
    await gitlab.stop();
  });

  beforeEach(async () => {
    receiver.clear();
    project = await gitlab.createProject({ path: `deploy/repo-${counter++}` });
    await project.commit({
      branch: 'main',
      files: {
        'env.cue': 'env: "prod"\n',
        'manifests/a/app.yaml': 'image: a:1\n',
        'manifests/b/app.yaml': 'image: b:1\n',
      },
      message: 'init',
    });
  });

  describe('merge requests', () => {
    it('creates an MR and refuses a duplicate or a same-branch one', async () => {
      await project.commit({
        branch: 'promote',
        files: { 'manifests/a/app.yaml': 'image: a:2\n' },
        message: 'bump a',
      });
      const created = await call('POST', '/merge_requests', {
        source_branch: 'promote',
        target_branch: 'main',
        title: 'Promote a',
        description: 'auto',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        iid: 1,
        project_id: project.id,
        title: 'Promote a',
        description: 'auto',
        state: 'opened',
        source_branch: 'promote',
        target_branch: 'main',
        sha: project.branchHead('promote'),
        merge_commit_sha: null,
        merged_at: null,
        web_url: `${gitlab.url}/${project.path}/-/merge_requests/1`,
      });
      const duplicate = await call('POST', '/merge_requests', {
        source_branch: 'promote',
        target_branch: 'main',
        title: 'again',
      });
      expect(duplicate).toEqual({
        status: 409,
        body: { message: ['Another open merge request already exists for this source branch: !1'] },
      });
      const same = await call('POST', '/merge_requests', {
        source_branch: 'main',
        target_branch: 'main',
        title: 'x',
      });
      expect(same.status).toBe(422);
      const missing = await call('POST', '/merge_requests', { source_branch: 'promote' });
      expect(missing).toEqual({ status: 400, body: { error: 'title is missing, target_branch is missing' } });
    });

    it('merges with a real two-parent merge commit and sends the target branch push hook', async () => {
      project.addHook({ url: receiver.url, push_events_branch_filter: 'main' });
      const source = await project.commit({
        branch: 'promote',
        files: { 'manifests/a/app.yaml': 'image: a:2\n' },
        message: 'bump a',
      });
      // The target moves on independently: a real merge must keep both changes.
      const target = await project.commit({
        branch: 'main',
        files: { 'manifests/b/app.yaml': 'image: b:2\n' },
        message: 'bump b',
      });
      await receiver.waitFor(1);
      const mr = (
        await call('POST', '/merge_requests', {
          source_branch: 'promote',
          target_branch: 'main',
          title: 'Promote',
        })
      ).body as { iid: number };

      const merged = await call('PUT', `/merge_requests/${mr.iid}/merge`);
      expect(merged.status).toBe(200);
      const mergeSha = project.branchHead('main') ?? '';
      expect(merged.body).toMatchObject({ state: 'merged', merge_commit_sha: mergeSha, sha: source });
      expect((merged.body as { merged_at: string | null }).merged_at).not.toBeNull();

      const commit = await call('GET', `/repository/commits/${mergeSha}`);
      expect(commit.body).toMatchObject({
        parent_ids: [target, source],
        title: "Merge branch 'promote' into 'main'",
      });
      expect(await project.readFile('main', 'manifests/a/app.yaml')).toBe('image: a:2\n');
      expect(await project.readFile('main', 'manifests/b/app.yaml')).toBe('image: b:2\n');

      const [, hook] = await receiver.waitFor(2);
      expect(hook?.json).toMatchObject({
        ref: 'refs/heads/main',
        before: target,
        after: mergeSha,
        total_commits_count: 2,
      });
      const titles = (hook?.json as { commits: { title: string }[] }).commits.map((c) => c.title);
      expect(titles).toEqual(['bump a', "Merge branch 'promote' into 'main'"]);

      const again = await call('PUT', `/merge_requests/${mr.iid}/merge`);
      expect(again).toEqual({ status: 405, body: { message: '405 Method Not Allowed' } });
      expect(project.mergeRequests({ state: 'merged' }).map((m) => m.iid)).toEqual([1]);
    });

    it('refuses a conflicting merge and a stale sha', async () => {
      await project.commit({ branch: 'left', files: { 'env.cue': 'env: "left"\n' }, message: 'left' });
      await project.commit({ branch: 'main', files: { 'env.cue': 'env: "right"\n' }, message: 'right' });
      const mr = await project.createMergeRequest({
        sourceBranch: 'left',
        targetBranch: 'main',
        title: 'conflict',
      });
      const listed = (await (
        await fetch(`${gitlab.url}/__emulator/projects/${project.id}/merge_requests?state=opened`)
      ).json()) as { iid: number }[];
      expect(listed.find((m) => m.iid === mr.iid)).toMatchObject({
        has_conflicts: true,
        merge_status: 'cannot_be_merged',
      });
      const conflict = await call('PUT', `/merge_requests/${mr.iid}/merge`);
      expect(conflict).toEqual({ status: 405, body: { message: '405 Method Not Allowed' } });
      expect(project.branchHead('main')).not.toBe(mr.sha);

      await project.commit({ branch: 'ok', files: { 'other.txt': '1' }, message: 'fine' });
      const clean = await project.createMergeRequest({
        sourceBranch: 'ok',
        targetBranch: 'main',
        title: 'clean',
      });
      const stale = await call('PUT', `/merge_requests/${clean.iid}/merge`, { sha: 'f'.repeat(40) });
      expect(stale).toEqual({
        status: 409,
        body: { message: `SHA does not match HEAD of source branch: ${project.branchHead('ok')}` },
      });
      expect(await call('PUT', '/merge_requests/99/merge')).toEqual({
        status: 404,
        body: { message: '404 Not found' },
      });
    });

    it('merges through the control API', async () => {
      await project.commit({ branch: 'stage', files: { 'stage.txt': 's' }, message: 'stage work' });
      const mr = await project.createMergeRequest({
        sourceBranch: 'stage',
        targetBranch: 'main',
        title: 'to main',
      });
      expect(project.mergeRequests({ state: 'opened' })).toHaveLength(1);
      const merged = await project.mergeMergeRequest(mr.iid, { shouldRemoveSourceBranch: true });
      expect(merged.state).toBe('merged');
      expect(project.branchHead('stage')).toBeUndefined();
      expect(project.mergeRequests({ state: 'opened' })).toHaveLength(0);
    });

    it('adds notes', async () => {
      await project.commit({ branch: 'noted', files: { n: '1' }, message: 'n' });
      const mr = await project.createMergeRequest({
        sourceBranch: 'noted',
        targetBranch: 'main',
        title: 'notes',
      });
      const note = await call('POST', `/merge_requests/${mr.iid}/notes`, { body: 'Promotion triggered' });
      expect(note.status).toBe(201);
      expect(note.body).toMatchObject({
        body: 'Promotion triggered',
        noteable_type: 'MergeRequest',
        noteable_iid: mr.iid,
      });
      await call('POST', `/merge_requests/${mr.iid}/notes`, { body: 'second' });
      expect(project.notes(mr.iid).map((n) => n.body)).toEqual(['Promotion triggered', 'second']);
    });
  });

  describe('commit statuses', () => {
    it('creates statuses and answers 400 when re-posting a live state', async () => {
      const sha = project.branchHead('main') ?? '';
      const pending = await call('POST', `/statuses/${sha}`, { state: 'pending', name: 'auto-promote' });
      expect(pending.status).toBe(201);
      expect(pending.body).toMatchObject({ sha, ref: 'main', status: 'pending', name: 'auto-promote' });

      const again = await call('POST', `/statuses/${sha}`, { state: 'pending', name: 'auto-promote' });
      expect(again).toEqual({
        status: 400,
        body: {
          message:
            'Cannot transition status via :enqueue from :pending (Reason(s): Status cannot transition via "enqueue")',
        },
      });
      expect(
        (await call('POST', `/statuses/${sha}`, { state: 'running', name: 'auto-promote' })).status,
      ).toBe(201);
      const running = await call('POST', `/statuses/${sha}`, { state: 'running', name: 'auto-promote' });
      expect(running).toEqual({
        status: 400,
        body: {
          message:
            'Cannot transition status via :run from :running (Reason(s): Status cannot transition via "run")',
        },
      });
      const done = await call('POST', `/statuses/${sha}`, {
        state: 'success',
        name: 'auto-promote',
        target_url: 'https://jenkins.example/job/1',
        description: 'promoted',
      });
      expect(done.body).toMatchObject({ status: 'success', target_url: 'https://jenkins.example/job/1' });
      // A finished status is never reused: GitLab starts a new job for the same name.
      expect(
        (await call('POST', `/statuses/${sha}`, { state: 'success', name: 'auto-promote' })).status,
      ).toBe(201);

      expect(project.statuses(sha).map((s) => s.status)).toEqual(['success', 'success']);
    });

    it('validates the state and the commit', async () => {
      const sha = project.branchHead('main') ?? '';
      expect(await call('POST', `/statuses/${sha}`, { state: 'bogus' })).toEqual({
        status: 400,
        body: { error: 'state does not have a valid value' },
      });
      expect(await call('POST', `/statuses/${sha}`, {})).toEqual({
        status: 400,
        body: { error: 'state is missing' },
      });
      expect(await call('POST', `/statuses/${'e'.repeat(40)}`, { state: 'success' })).toEqual({
        status: 404,
        body: { message: '404 Commit Not Found' },
      });
      const named = await call('POST', `/statuses/${sha}`, { state: 'failed' });
      expect(named.body).toMatchObject({ name: 'default', status: 'failed' });
    });
  });
});
