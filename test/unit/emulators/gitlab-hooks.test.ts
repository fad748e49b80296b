import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  GitLabEmulator,
  HookReceiver,
  type EmulatedProject,
  type PushHookPayload,
} from '../../../testing/emulators/src/gitlab';

const TOKEN = 'hook-test-token';
const ZERO = '0'.repeat(40);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('GitLab emulator webhooks', () => {
  let gitlab: GitLabEmulator;
  let receiver: HookReceiver;
  let project: EmulatedProject;
  let nextProject = 1;

  const api = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${gitlab.url}/api/v4${path}`, {
      ...init,
      headers: { 'PRIVATE-TOKEN': TOKEN, 'Content-Type': 'application/json', ...init.headers },
    });
  /** The n-th delivery for the current test's project (deliveries accumulate across tests). */
  const payloadOf = (index: number): PushHookPayload => {
    const delivery = gitlab.hookDeliveries.filter((d) => d.projectId === project.id)[index];
    if (!delivery) throw new Error(`no delivery #${index}`);
    return delivery.payload;
  };

  beforeAll(async () => {
    gitlab = await GitLabEmulator.start({ token: TOKEN, hookDisableMs: 300 });
    receiver = await HookReceiver.start();
  });

  afterAll(async () => {
    await receiver.stop();
    await gitlab.stop();
  });

  beforeEach(async () => {
    receiver.clear();
    receiver.respondWith(200);
    project = await gitlab.createProject({ path: `group/repo-${nextProject++}` });
    await project.commit({ branch: 'main', files: { 'env.cue': 'main\n' }, message: 'init' });
  });

  describe('hooks API', () => {
    it('creates, reads, edits and deletes hooks without ever returning the token', async () => {
      const created = await api(`/projects/${project.id}/hooks`, {
        method: 'POST',
        body: JSON.stringify({ url: receiver.url, token: 's3cret', push_events: true, name: 'auto-promote' }),
      });
      expect(created.status).toBe(201);
      const hook = (await created.json()) as Record<string, unknown>;
      expect(hook).toMatchObject({
        url: receiver.url,
        name: 'auto-promote',
        push_events: true,
        tag_push_events: false,
        push_events_branch_filter: '',
        branch_filter_strategy: 'wildcard',
        enable_ssl_verification: true,
        alert_status: 'executable',
        disabled_until: null,
        project_id: project.id,
      });
      expect(hook).not.toHaveProperty('token');
      const id = String(hook['id']);

      const edited = await api(`/projects/${project.id}/hooks/${id}`, {
        method: 'PUT',
        body: JSON.stringify({ push_events_branch_filter: '^(dev|stage)$', branch_filter_strategy: 'regex' }),
      });
      expect(await edited.json()).toMatchObject({
        branch_filter_strategy: 'regex',
        push_events_branch_filter: '^(dev|stage)$',
      });
      const list = (await (await api(`/projects/${project.id}/hooks`)).json()) as unknown[];
      expect(list).toHaveLength(1);
      expect((await api(`/projects/${project.id}/hooks/${id}`, { method: 'DELETE' })).status).toBe(204);
      const gone = await api(`/projects/${project.id}/hooks/${id}`);
      expect(gone.status).toBe(404);
      expect(await gone.json()).toEqual({ message: '404 Not found' });
    });

    it('accepts form bodies and rejects bad URLs and filters', async () => {
      const form = await fetch(`${gitlab.url}/api/v4/projects/${project.id}/hooks`, {
        method: 'POST',
        headers: { 'PRIVATE-TOKEN': TOKEN },
        body: new URLSearchParams({ url: receiver.url, push_events: 'false' }),
      });
      expect(await form.json()).toMatchObject({ push_events: false });
      const badUrl = await api(`/projects/${project.id}/hooks`, {
        method: 'POST',
        body: JSON.stringify({ url: 'nope' }),
      });
      expect(badUrl.status).toBe(422);
      const missing = await api(`/projects/${project.id}/hooks`, { method: 'POST', body: '{}' });
      expect(await missing.json()).toEqual({ error: 'url is missing' });
      const badRegex = await api(`/projects/${project.id}/hooks`, {
        method: 'POST',
        body: JSON.stringify({
          url: receiver.url,
          branch_filter_strategy: 'regex',
          push_events_branch_filter: '(',
        }),
      });
      expect(badRegex.status).toBe(422);
    });

    it('clears the token when the URL changes without a token (GitLab quirk)', async () => {
      const hook = project.addHook({ url: receiver.url, token: 'first' });
      const otherUrl = `${receiver.url}?moved=1`;
      await api(`/projects/${project.id}/hooks/${hook.id}`, {
        method: 'PUT',
        body: JSON.stringify({ url: otherUrl }),
      });
      await project.commit({ branch: 'main', files: { a: '1' }, message: 'after url change' });
      expect(receiver.received[0]?.headers['x-gitlab-token']).toBeUndefined();
      await api(`/projects/${project.id}/hooks/${hook.id}`, {
        method: 'PUT',
        body: JSON.stringify({ url: receiver.url, token: 'second' }),
      });
      await project.commit({ branch: 'main', files: { a: '2' }, message: 'with token' });
      expect(receiver.received[1]?.headers['x-gitlab-token']).toBe('second');
    });
  });

  describe('branch filters', () => {
    it('treats a wildcard filter as ONE pattern and matches regex filters', async () => {
      const commaList = project.addHook({
        url: `${receiver.url}/comma`,
        push_events_branch_filter: 'dev,stage',
      });
      const regex = project.addHook({
        url: `${receiver.url}/regex`,
        push_events_branch_filter: '^(dev|stage)$',
        branch_filter_strategy: 'regex',
      });
      const glob = project.addHook({ url: `${receiver.url}/glob`, push_events_branch_filter: 'st*' });
      const muted = project.addHook({ url: `${receiver.url}/muted`, push_events: false });
      const all = project.addHook({
        url: `${receiver.url}/all`,
        push_events_branch_filter: 'x',
        branch_filter_strategy: 'all_branches',
      });
      for (const branch of ['dev', 'stage', 'prod']) {
        await project.commit({ branch, files: { 'env.cue': branch }, message: branch });
      }
      const hits = (hookId: number): string[] =>
        gitlab.hookDeliveries.filter((d) => d.hookId === hookId).map((d) => d.payload.ref);
      expect(hits(commaList.id)).toEqual([]);
      expect(hits(muted.id)).toEqual([]);
      expect(hits(regex.id)).toEqual(['refs/heads/dev', 'refs/heads/stage']);
      expect(hits(glob.id)).toEqual(['refs/heads/stage']);
      expect(hits(all.id)).toEqual(['refs/heads/dev', 'refs/heads/stage', 'refs/heads/prod']);
    });
  });

  describe('push hook', () => {
    it('sends GitLab headers and payload', async () => {
      project.addHook({ url: receiver.url, token: 'tok' });
      const before = project.branchHead('main');
      const after = await project.commit({
        branch: 'main',
        files: { 'manifests/app/app.yaml': 'x: 1\n', 'env.cue': 'changed\n' },
        message: 'Deploy app\n\nbody',
        author: { name: 'Dev Eloper', email: 'dev@example.com' },
      });
      const [request] = await receiver.waitFor(1);
      expect(request?.method).toBe('POST');
      expect(request?.headers).toMatchObject({
        'content-type': 'application/json',
        'x-gitlab-event': 'Push Hook',
        'x-gitlab-token': 'tok',
        'x-gitlab-instance': gitlab.url,
        'user-agent': 'GitLab/17.11.0',
      });
      for (const name of ['x-gitlab-event-uuid', 'x-gitlab-webhook-uuid', 'idempotency-key']) {
        expect(request?.headers[name]).toMatch(UUID);
      }
      const payload = request?.json as PushHookPayload;
      expect(payload).toMatchObject({
        object_kind: 'push',
        event_name: 'push',
        before,
        after,
        ref: 'refs/heads/main',
        ref_protected: true,
        checkout_sha: after,
        message: null,
        user_username: 'root',
        project_id: project.id,
        project: { id: project.id, path_with_namespace: project.path, default_branch: 'main' },
        total_commits_count: 1,
        repository: { name: project.path.split('/')[1] },
      });
      expect(payload.commits).toEqual([
        {
          id: after,
          message: 'Deploy app\n\nbody\n',
          title: 'Deploy app',
          timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
          url: `${gitlab.url}/${project.path}/-/commit/${after}`,
          author: { name: 'Dev Eloper', email: 'dev@example.com' },
          added: ['manifests/app/app.yaml'],
          modified: ['env.cue'],
          removed: [],
        },
      ]);
      expect(gitlab.hookDeliveries[0]).toMatchObject({ ok: true, status: 200, event: 'Push Hook' });
    });

    it('keeps only the newest 20 commits of a 25-commit push, oldest first', async () => {
      project.addHook({ url: receiver.url });
      const commits = Array.from({ length: 25 }, (_, i) => ({
        files: { [`f${i}`]: `${i}` },
        message: `c${i}`,
      }));
      const shas = await project.push('main', commits);
      expect(gitlab.hookDeliveries.filter((d) => d.projectId === project.id)).toHaveLength(1);
      const payload = payloadOf(0);
      expect(payload.total_commits_count).toBe(25);
      expect(payload.commits.map((c) => c.id)).toEqual(shas.slice(5));
      expect(payload.commits[0]?.title).toBe('c5');
      expect(payload.after).toBe(shas[24]);
    });

    it('reports branch creation and deletion with zero shas', async () => {
      project.addHook({ url: receiver.url });
      const head = await project.commit({ branch: 'dev', files: { 'dev.txt': 'd' }, message: 'on dev' });
      await project.deleteBranch('dev');
      const created = payloadOf(0);
      expect(created).toMatchObject({
        before: ZERO,
        after: head,
        checkout_sha: head,
        total_commits_count: 1,
      });
      expect(created.commits.map((c) => c.title)).toEqual(['on dev']);
      const deleted = payloadOf(1);
      expect(deleted).toMatchObject({
        before: head,
        after: ZERO,
        checkout_sha: null,
        commits: [],
        total_commits_count: 0,
      });
      await project.createBranch('stage', 'main');
      expect(payloadOf(2)).toMatchObject({
        before: ZERO,
        after: project.branchHead('main'),
        total_commits_count: 0,
      });
    });

    it('reports the real before/after of a force push', async () => {
      project.addHook({ url: receiver.url });
      const base = project.branchHead('main') ?? '';
      const ahead = await project.commit({ branch: 'main', files: { x: '1' }, message: 'to be dropped' });
      await project.forcePush('main', base);
      expect(payloadOf(1)).toMatchObject({ before: ahead, after: base, commits: [], total_commits_count: 0 });
    });

    it('shares the event UUID across hooks, with one Idempotency-Key per hook, and rebuilds the payload', async () => {
      project.addHook({ url: `${receiver.url}/one` });
      project.addHook({ url: `${receiver.url}/two` });
      const before = project.branchHead('main') ?? '';
      const after = await project.commit({ branch: 'main', files: { shared: '1' }, message: 'two hooks' });
      const [one, two] = gitlab.hookDeliveries.filter((d) => d.projectId === project.id);
      expect(one?.eventUuid).toBe(two?.eventUuid);
      expect(one?.idempotencyKey).not.toBe(two?.idempotencyKey);
      const rebuilt = await gitlab.buildPushPayload(project, { ref: 'refs/heads/main', before, after });
      expect(rebuilt).toEqual(one?.payload);
    });

    it('serialises concurrent pushes to one branch', async () => {
      project.addHook({ url: receiver.url });
      const shas = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          project.commit({ branch: 'main', files: { [`c${i}`]: 'x' }, message: `c${i}` }),
        ),
      );
      expect(project.branchHead('main')).toBe(shas[4]);
      const payloads = gitlab.hookDeliveries.filter((d) => d.projectId === project.id).map((d) => d.payload);
      expect(payloads.map((p) => p.after).sort()).toEqual([...shas].sort());
      expect(payloads.every((p) => p.total_commits_count === 1)).toBe(true);
    });

    it('can deliver in the background', async () => {
      project.addHook({ url: receiver.url });
      const already = gitlab.hookDeliveries.length;
      const sha = await project.commit({
        branch: 'main',
        files: { bg: '1' },
        message: 'bg',
        waitForHooks: false,
      });
      await gitlab.idle();
      expect(gitlab.hookDeliveries[already]?.payload.after).toBe(sha);
    });
  });

  describe('auto-disable', () => {
    it('temporarily disables a hook after 4 consecutive failures, then re-enables it', async () => {
      receiver.respondWith(500);
      const hook = project.addHook({ url: receiver.url });
      const hookJson = async (): Promise<{ alert_status: string; disabled_until: string | null }> =>
        (await api(`/projects/${project.id}/hooks/${hook.id}`)).json() as Promise<{
          alert_status: string;
          disabled_until: string | null;
        }>;
      for (let i = 0; i < 4; i += 1)
        await project.commit({ branch: 'main', files: { n: `${i}` }, message: `f${i}` });
      expect(receiver.received).toHaveLength(4);
      expect(
        gitlab.hookDeliveries.filter((d) => d.hookId === hook.id).every((d) => !d.ok && d.status === 500),
      ).toBe(true);
      const disabled = await hookJson();
      expect(disabled.alert_status).toBe('temporarily_disabled');
      expect(disabled.disabled_until).not.toBeNull();

      await project.commit({ branch: 'main', files: { n: 'skipped' }, message: 'while disabled' });
      expect(receiver.received).toHaveLength(4);
      expect(gitlab.skippedDeliveries.filter((s) => s.hookId === hook.id)).toHaveLength(1);

      const deadline = Date.now() + 5_000;
      while ((await hookJson()).alert_status !== 'executable') {
        if (Date.now() > deadline) throw new Error('hook never re-enabled');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      receiver.respondWith(200);
      await project.commit({ branch: 'main', files: { n: 'back' }, message: 'after pause' });
      expect(receiver.received).toHaveLength(5);
      expect(await hookJson()).toMatchObject({ alert_status: 'executable', disabled_until: null });
    });

    it('sends a disabled hook no push, and a successful test request re-enables it', async () => {
      receiver.respondWith(200);
      const hook = project.addHook({ url: receiver.url });
      await project.commit({ branch: 'main', files: { n: 'first' }, message: 'first' });
      const before = receiver.received.length;
      project.hooks.forceAlertStatus(hook.id, 'disabled', Date.now());
      await project.commit({ branch: 'main', files: { n: 'x' }, message: 'while disabled' });
      expect(receiver.received).toHaveLength(before);
      expect(gitlab.skippedDeliveries.filter((d) => d.hookId === hook.id).map((d) => d.reason)).toEqual([
        'disabled',
      ]);

      receiver.respondWith(500);
      const failed = await api(`/projects/${project.id}/hooks/${hook.id}/test/push_events`, {
        method: 'POST',
      });
      expect(failed.status).toBe(422);
      expect(
        ((await (await api(`/projects/${project.id}/hooks/${hook.id}`)).json()) as Record<string, unknown>)[
          'alert_status'
        ],
      ).toBe('disabled');

      receiver.respondWith(200);
      const ok = await api(`/projects/${project.id}/hooks/${hook.id}/test/push_events`, { method: 'POST' });
      expect(ok.status).toBe(201);
      const json = (await (await api(`/projects/${project.id}/hooks/${hook.id}`)).json()) as Record<
        string,
        unknown
      >;
      expect(json).toMatchObject({ alert_status: 'executable', disabled_until: null });
      await project.commit({ branch: 'main', files: { n: 'y' }, message: 'after repair' });
      expect(receiver.received).toHaveLength(before + 3);
    });

    it('records a timeout as a failed delivery', async () => {
      const slow = await GitLabEmulator.start({ token: TOKEN, hookTimeoutMs: 100 });
      try {
        const p = await slow.createProject({ path: 'slow/repo' });
        p.addHook({ url: receiver.url });
        receiver.respondWith(200, 1_000);
        await p.commit({ branch: 'main', files: { a: '1' }, message: 'slow' });
        expect(slow.hookDeliveries[0]).toMatchObject({ ok: false, error: 'execution expired' });
        expect(slow.hookDeliveries[0]?.status).toBeUndefined();
      } finally {
        await slow.stop();
      }
    });

    it('records a refused connection as a failed delivery', async () => {
      const closed = await HookReceiver.start();
      const url = closed.url;
      await closed.stop();
      project.addHook({ url });
      await project.commit({ branch: 'main', files: { refused: '1' }, message: 'nobody listens' });
      const delivery = gitlab.hookDeliveries[gitlab.hookDeliveries.length - 1];
      expect(delivery).toMatchObject({ ok: false, url });
      expect(delivery?.error).toBeTruthy();
    });
  });
});
