import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promotionId } from '@auto-promote/domain';
import type { GitLabCommitStatus } from '@auto-promote/emulators';
import { GitLabClient } from '@auto-promote/gitlab';
import { manifest, SECRETS, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    name: 'ops-feedback',
    // Every transition reported at once: this file checks each state GitLab sees along the way.
    env: { GITLAB_FEEDBACK: 'status,note', GITLAB_FEEDBACK_DELAY: '0' },
    job: { buildDurationMs: 150 },
  });
});
afterAll(async () => {
  await stack?.stop();
});

const idFor = (app: string, sha: string) => promotionId({ app, sourceEnv: 'dev', targetEnv: 'stage', sha });
const status = (sha: string): GitLabCommitStatus | undefined =>
  stack.project
    .statuses(sha)
    .filter((s) => s.name === 'auto-promote/stage')
    .at(-1);
const waitForState = (sha: string, state: string) =>
  waitFor(`the commit status to be ${state}`, () =>
    status(sha)?.status === state ? status(sha) : undefined,
  );

/** A merge request into dev, merged: the push GitLab sends for it is the merge commit. */
async function mergeIntoDev(branch: string, apps: Record<string, string>, title: string) {
  await stack.project.commit({
    branch,
    startBranch: 'dev',
    message: title,
    files: Object.fromEntries(
      Object.entries(apps).map(([app, tag]) => [`manifests/${app}/${app}.yaml`, manifest(app, tag)]),
    ),
  });
  const mr = await stack.project.createMergeRequest({ sourceBranch: branch, targetBranch: 'dev', title });
  const merged = await stack.project.mergeMergeRequest(mr.iid);
  return { iid: mr.iid, sha: merged.mergeCommitSha! };
}

describe('GitLab feedback', () => {
  it('reports one status per target on the pushed commit — pending, running, success — and one note on the merge request', async () => {
    stack.jenkins.pauseQueue(); // builds wait: the status stays pending
    const { iid, sha } = await mergeIntoDev(
      'bump-two',
      { exampleApp: '1.1.0', postgres: '16.4' },
      'Bump two apps',
    );
    const pending = await waitForState(sha, 'pending');
    expect(pending.description).toMatch(
      /^stage: exampleApp (planned|queued in Jenkins), postgres (planned|queued in Jenkins)$/,
    );
    expect(pending.ref).toBe('dev');

    stack.jenkins.resumeQueue();
    const running = await waitForState(sha, 'running');
    expect(running.targetUrl).toMatch(/\/job\/promote-environment\/\d+\/$/);
    const [example, postgres] = await stack.settled([idFor('exampleApp', sha), idFor('postgres', sha)]);
    const success = await waitForState(sha, 'success');
    expect(success.description).toBe(
      `stage: exampleApp succeeded #${example!.jenkins.buildNumber}, postgres succeeded #${postgres!.jenkins.buildNumber}`,
    );
    expect([example!.jenkins.buildUrl, postgres!.jenkins.buildUrl]).toContain(success.targetUrl);
    // One status per target, never one per app.
    expect(stack.project.statuses(sha).map((s) => s.name)).toEqual(['auto-promote/stage']);

    const notes = await waitFor('the merge request note', () => {
      const list = stack.project.notes(iid);
      return list.length > 0 ? list : undefined;
    });
    expect(notes).toHaveLength(1);
    expect(notes[0]?.body).toContain('**auto-promote** promoted this merge to `stage`');
    expect(notes[0]?.body).toContain(`| exampleApp | \`1.1.0\` |`);
    expect(notes[0]?.body).toContain(`[#${postgres!.jenkins.buildNumber}](${postgres!.jenkins.buildUrl})`);
    const metrics = await (await fetch(`${stack.url}/metrics`)).text();
    expect(metrics).toMatch(/auto_promote_gitlab_feedback_total\{kind="note",outcome="posted"\} 1/);
    expect(stack.project.notes(iid)).toHaveLength(1);
  });

  it('reports failed with the failed build, and skipped when every app opted out', async () => {
    stack.jenkins.updateJob('promote-environment', { result: 'FAILURE' });
    const failing = await stack.commitApps('dev', { exampleApp: '1.1.1' });
    const [failed] = await stack.settled([idFor('exampleApp', failing)]);
    const state = await waitForState(failing, 'failed');
    expect(state.targetUrl).toBe(failed?.jenkins.buildUrl);
    stack.jenkins.updateJob('promote-environment', { result: 'SUCCESS' });

    const quiet = await stack.commitApps('dev', { postgres: '16.9' }, 'tune postgres [no-promote]');
    await stack.settled([idFor('postgres', quiet)]);
    expect((await waitForState(quiet, 'skipped')).description).toBe('stage: postgres skipped');
  });

  it('never holds a promotion back: with GitLab down the build still goes, and the feedback is given up', async () => {
    stack.jenkins.pauseQueue();
    const sha = await stack.commitApps('dev', { exampleApp: '1.2.0' });
    const id = idFor('exampleApp', sha);
    await waitFor('the trigger', async () => (await stack.promotions.get(id))?.status === 'triggered');
    stack.gitlab.faults.set({ mode: 'down' });
    try {
      stack.jenkins.resumeQueue();
      const [done] = await stack.settled([id]);
      expect(done?.status).toBe('succeeded');
      await waitFor(
        'the feedback to be given up',
        async () =>
          /auto_promote_gitlab_feedback_total\{kind="status",outcome="failed"\} [1-9]/.test(
            await (await fetch(`${stack.url}/metrics`)).text(),
          ),
        { timeoutMs: 10_000 },
      );
      expect(stack.logs.text).toContain('GitLab feedback given up (best effort)');
    } finally {
      stack.gitlab.faults.reset();
    }
  });

  it('takes GitLab refusing to repeat a state ("Cannot transition status") as done', async () => {
    const gitlab = new GitLabClient({ url: stack.gitlab.url, token: SECRETS.gitlabToken });
    const sha = stack.project.branchHead('dev')!;
    const post = () =>
      gitlab.setCommitStatus('p2c/k8s-deployments', sha, { state: 'running', name: 'probe' });
    expect(await post()).toBe('posted');
    expect(await post()).toBe('unchanged');
  });
});

describe('GitLab feedback with GITLAB_FEEDBACK_DELAY', () => {
  let coalescing: Stack;
  beforeAll(async () => {
    coalescing = await startStack({
      name: 'ops-feedback-delay',
      env: { GITLAB_FEEDBACK: 'status', GITLAB_FEEDBACK_DELAY: '2s' },
    });
  });
  afterAll(async () => {
    await coalescing?.stop();
  });

  it('reports the transitions of a push inside the delay as one commit status, in their latest state', async () => {
    coalescing.jenkins.pauseQueue(); // the builds stay queued: planned → triggered, then nothing moves
    try {
      const sha = await coalescing.commitApps('dev', { exampleApp: '1.3.0', postgres: '16.5' });
      const postsFor = () =>
        coalescing.gitlab.requests.filter(
          (r) => r.route === 'POST /projects/:id/statuses/:sha' && r.url.includes(sha),
        ).length;
      for (const app of ['exampleApp', 'postgres']) {
        await waitFor(
          `${app} to be queued in Jenkins`,
          async () => (await coalescing.promotions.get(idFor(app, sha)))?.status === 'triggered',
        );
      }
      // Planned and triggered within the delay: no status yet, then one with both builds queued.
      expect(postsFor()).toBe(0);
      const status = await waitFor('the commit status', () =>
        coalescing.project.statuses(sha).find((s) => s.name === 'auto-promote/stage'),
      );
      expect(status.status).toBe('pending');
      expect(status.description).toBe('stage: exampleApp queued in Jenkins, postgres queued in Jenkins');
      expect(postsFor()).toBe(1);
    } finally {
      coalescing.jenkins.resumeQueue();
    }
  });
});
