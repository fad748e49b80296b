import { afterEach, describe, expect, it } from 'vitest';
import { promotionId } from '@auto-promote/domain';
import { JenkinsClient } from '@auto-promote/jenkins';
import { adminHeaders, manifest, postWebhook, SECRETS, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

const idFor = (app: string, sha: string, sourceEnv = 'dev', targetEnv = 'stage') =>
  promotionId({ app, sourceEnv, targetEnv, sha });

describe('push → planner → dispatcher → Jenkins', () => {
  it('promotes every app changed by a merge into dev to stage, once each, and records the build', async () => {
    stack = await startStack({ name: 'dev-stage' });
    const sha = await stack.commitApps('dev', { exampleApp: '1.0.42-SNAPSHOT-abc1234', postgres: '16.2' });
    const ids = [idFor('exampleApp', sha), idFor('postgres', sha)];
    const records = await stack.settled(ids);

    expect(records.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(stack.gitlab.hookDeliveries.at(-1)?.status).toBe(202);
    const triggers = stack.jenkins.triggers.filter((t) => t.status === 201).map((t) => t.params);
    expect(triggers).toHaveLength(2);
    expect(triggers).toEqual(
      expect.arrayContaining([
        {
          APP_NAME: 'exampleApp',
          SOURCE_ENV: 'dev',
          TARGET_ENV: 'stage',
          IMAGE_TAG: '1.0.42-SNAPSHOT-abc1234',
          PROMOTION_ID: ids[0],
        },
        {
          APP_NAME: 'postgres',
          SOURCE_ENV: 'dev',
          TARGET_ENV: 'stage',
          IMAGE_TAG: '16.2',
          PROMOTION_ID: ids[1],
        },
      ]),
    );
    const example = records[0]!;
    expect(example).toMatchObject({
      app: 'exampleApp',
      sha,
      sourceEnv: 'dev',
      targetEnv: 'stage',
      attempts: 1,
    });
    expect(example.jenkins).toMatchObject({
      result: 'SUCCESS',
      buildNumber: expect.any(Number),
      queueId: expect.any(Number),
    });
    expect(example.jenkins.buildUrl).toContain('/job/promote-environment/');
  });

  it('promotes a merge into stage to prod', async () => {
    stack = await startStack({ name: 'stage-prod', env: { APP_NAME_STYLE: 'kebab' } });
    const sha = await stack.commitApps('stage', { exampleApp: '1.0.42-rc1-abc1234' });
    const [record] = await stack.settled([idFor('exampleApp', sha, 'stage', 'prod')]);
    expect(record?.status).toBe('succeeded');
    expect(stack.jenkins.triggers.map((t) => t.params)).toEqual([
      expect.objectContaining({
        APP_NAME: 'example-app',
        SOURCE_ENV: 'stage',
        TARGET_ENV: 'prod',
        IMAGE_TAG: '1.0.42-rc1-abc1234',
      }),
    ]);
  });

  it('triggers nothing for pushes to prod and main, even when GitLab sends them', async () => {
    stack = await startStack({ name: 'prod-main', hook: false });
    stack.project.addHook({
      url: `${stack.url}/webhooks/gitlab`,
      token: SECRETS.webhookSecret,
      push_events: true,
    });
    await stack.commitApps('prod', { exampleApp: '1.0.1' });
    await stack.commitApps('main', { postgres: '17.0' });
    // prod is a target: its push is accepted (its merge requests follow) and plans nothing; main is ignored.
    expect(stack.gitlab.hookDeliveries.map((d) => [d.status, d.responseBody ?? ''])).toEqual([
      [202, expect.stringContaining('queued')],
      [200, expect.stringContaining("branch 'main' has no promotion target")],
    ]);
    // A later dev push is fully processed, so anything queued earlier would have run by then.
    const sha = await stack.commitApps('dev', { exampleApp: '1.0.2' });
    await stack.settled([idFor('exampleApp', sha)]);
    expect(stack.jenkins.triggers).toHaveLength(1);
  });

  it('finds an app changed only by the first commit of a three-commit push', async () => {
    stack = await startStack({ name: 'multi-commit' });
    const shas = await stack.project.push('dev', [
      {
        message: 'bump exampleApp',
        files: { 'manifests/exampleApp/exampleApp.yaml': manifest('exampleApp', '3.0.0') },
      },
      { message: 'tune env', files: { 'env.cue': 'package deployments\n// tuned\n' } },
      { message: 'docs', files: { 'README.md': '# deployments\n' } },
    ]);
    const after = shas.at(-1)!;
    const payload = stack.gitlab.hookDeliveries.at(-1)?.payload as { total_commits_count: number };
    expect(payload.total_commits_count).toBe(3);
    const [record] = await stack.settled([idFor('exampleApp', after)]);
    expect(record).toMatchObject({ status: 'succeeded', imageTag: '3.0.0' });
    expect(stack.jenkins.triggers).toHaveLength(1);
  });

  it('answers one of five concurrent deliveries of the same event queued, the rest duplicate, and triggers once per app', async () => {
    stack = await startStack({ name: 'concurrent', hook: false });
    const before = stack.project.branchHead('dev')!;
    const after = await stack.commitApps('dev', { exampleApp: '4.0.0', postgres: '16.4' });
    const payload = await stack.gitlab.buildPushPayload(stack.project, {
      ref: 'refs/heads/dev',
      before,
      after,
    });
    const responses = await Promise.all(Array.from({ length: 5 }, () => postWebhook(stack!.url, payload)));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 202]);
    expect(new Set(responses.map((r) => r.body['eventId'])).size).toBe(1);
    await stack.settled([idFor('exampleApp', after), idFor('postgres', after)]);
    expect(stack.jenkins.triggers.map((t) => t.params['APP_NAME']).sort()).toEqual([
      'exampleApp',
      'postgres',
    ]);
  });

  it('accepts a 303 from Jenkins and follows the identical queue item it names', async () => {
    stack = await startStack({ name: 'jenkins-303', hook: false });
    stack.jenkins.pauseQueue();
    const before = stack.project.branchHead('dev')!;
    const after = await stack.commitApps('dev', { exampleApp: '5.0.0' });
    const id = idFor('exampleApp', after);
    // An identical request already waits in Jenkins' queue (e.g. sent just before a crash).
    const earlier = await new JenkinsClient({
      url: stack.jenkins.url,
      user: 'auto-promote',
      apiToken: SECRETS.jenkinsToken,
      job: 'promote-environment',
    }).trigger({
      APP_NAME: 'exampleApp',
      SOURCE_ENV: 'dev',
      TARGET_ENV: 'stage',
      IMAGE_TAG: '5.0.0',
      PROMOTION_ID: id,
    });
    await postWebhook(
      stack.url,
      await stack.gitlab.buildPushPayload(stack.project, { ref: 'refs/heads/dev', before, after }),
    );
    await waitFor('the 303', () => stack!.jenkins.triggers.some((t) => t.status === 303));
    stack.jenkins.resumeQueue();
    const [record] = await stack.settled([id]);
    expect(record).toMatchObject({ status: 'succeeded', jenkins: { queueId: earlier.queueId } });
    expect(stack.jenkins.builds('promote-environment')).toHaveLength(1);
  });

  it('abandons a promotion for an unknown Jenkins job with a reason that says what to fix', async () => {
    stack = await startStack({ name: 'unknown-job', env: { JENKINS_JOB: 'platform/promote-missing' } });
    const sha = await stack.commitApps('dev', { exampleApp: '6.0.0' });
    const [record] = await stack.settled([idFor('exampleApp', sha)]);
    expect(record?.status).toBe('abandoned');
    expect(record?.reason).toContain("Jenkins job 'platform/promote-missing' does not exist");
    expect(stack.jenkins.triggers).toHaveLength(1);
  });

  it('keeps retrying while Jenkins is down and triggers once when it is back', async () => {
    stack = await startStack({ name: 'jenkins-down' });
    stack.jenkins.faults.set({ mode: 'down' });
    const sha = await stack.commitApps('dev', { exampleApp: '7.0.0' });
    const id = idFor('exampleApp', sha);
    await waitFor('a recorded Jenkins error', async () => (await stack!.promotions.get(id))?.lastError);
    expect((await stack.promotions.get(id))?.status).toBe('planned');
    stack.jenkins.faults.reset();
    const [record] = await stack.settled([id]);
    expect(record?.status).toBe('succeeded');
    expect(stack.jenkins.triggers.filter((t) => t.status === 201)).toHaveLength(1);
  });

  it('records a failed build as failed with its result', async () => {
    stack = await startStack({ name: 'build-fails', job: { result: 'FAILURE' } });
    const sha = await stack.commitApps('dev', { postgres: '16.9' });
    const [record] = await stack.settled([idFor('postgres', sha)]);
    expect(record).toMatchObject({ status: 'failed', jenkins: { result: 'FAILURE' } });
  });

  it('never misses an app when GitLab truncates the compare', async () => {
    stack = await startStack({ name: 'truncated', apps: { a1: '1', a2: '1', a3: '1', a4: '1' } });
    stack.gitlab.setCompareMaxFiles(2);
    const files: Record<string, string> = {};
    for (const app of ['a1', 'a2', 'a3', 'a4']) {
      files[`manifests/${app}/${app}.yaml`] = manifest(app, '2');
      files[`manifests/${app}/service.yaml`] = `kind: Service\nmetadata:\n  name: ${app}\n`;
    }
    const sha = await stack.project.commit({ branch: 'dev', files, message: 'base template change' });
    const records = await stack.settled(['a1', 'a2', 'a3', 'a4'].map((app) => idFor(app, sha)));
    expect(records.map((r) => [r.app, r.status, r.imageTag])).toEqual([
      ['a1', 'succeeded', '2'],
      ['a2', 'succeeded', '2'],
      ['a3', 'succeeded', '2'],
      ['a4', 'succeeded', '2'],
    ]);
    expect(stack.logs.text).toContain('GitLab truncated the compare');
  });

  it('skips branch creation and deletion with a recorded reason', async () => {
    stack = await startStack({ name: 'branch-lifecycle' });
    await stack.project.deleteBranch('dev');
    expect(stack.gitlab.hookDeliveries.at(-1)?.responseBody).toContain('deleted');
    await stack.project.createBranch('dev', 'main');
    const created = stack.gitlab.hookDeliveries.at(-1)!;
    expect(created.status).toBe(202);
    const { eventId } = JSON.parse(String(created.responseBody)) as { eventId: string };
    const events = stack.infra.events;
    const record = await waitFor('the event record', () => events.get(eventId));
    expect(record).toMatchObject({ status: 'skipped', reason: expect.stringContaining('branch created') });
    expect(stack.jenkins.triggers).toHaveLength(0);
  });

  it('never promotes a directory whose name is not a safe single segment', async () => {
    stack = await startStack({ name: 'unsafe-names' });
    const sha = await stack.project.commit({
      branch: 'dev',
      message: 'odd directories',
      files: {
        'manifests/..hidden/x.yaml': manifest('x', '1'),
        'manifests/-dash/x.yaml': manifest('x', '1'),
        'manifests/a b/x.yaml': manifest('x', '1'),
        'manifests/exampleApp/exampleApp.yaml': manifest('exampleApp', '8.0.0'),
      },
    });
    await stack.settled([idFor('exampleApp', sha)]);
    expect(stack.jenkins.triggers.map((t) => t.params['APP_NAME'])).toEqual(['exampleApp']);
    expect(stack.logs.text).toContain('not a safe app name');
  });

  it('serves records through the API, newest first, with filters', async () => {
    stack = await startStack({ name: 'api' });
    const first = await stack.commitApps('dev', { exampleApp: '9.0.0' });
    await stack.settled([idFor('exampleApp', first)]);
    const second = await stack.commitApps('dev', { exampleApp: '9.0.1', postgres: '16.5' });
    await stack.settled([idFor('exampleApp', second), idFor('postgres', second)]);

    const get = async (path: string) => {
      const response = await fetch(`${stack!.url}${path}`, { headers: adminHeaders() });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const all = await get('/api/promotions');
    expect((all.body['items'] as Array<{ sha: string }>).map((r) => r.sha)).toEqual([second, second, first]);
    const page = await get('/api/promotions?app=exampleApp&limit=1');
    expect((page.body['items'] as Array<{ imageTag: string }>)[0]?.imageTag).toBe('9.0.1');
    const next = await get(
      `/api/promotions?app=exampleApp&limit=1&cursor=${String(page.body['nextCursor'])}`,
    );
    expect((next.body['items'] as Array<{ imageTag: string }>)[0]?.imageTag).toBe('9.0.0');
    const one = await get(`/api/promotions/${encodeURIComponent(idFor('postgres', second))}`);
    expect(one.body).toMatchObject({ app: 'postgres', status: 'succeeded', sha: second });
    expect((await get('/api/promotions/unknown')).status).toBe(404);
    expect((await get('/api/promotions?status=bogus')).status).toBe(400);
    expect((await get('/api/promotions?limit=0')).status).toBe(400);
  });
});

describe('planner failures', () => {
  it('fails an event permanently with the reason when GitLab rejects the token', async () => {
    stack = await startStack({ name: 'bad-gitlab-token', env: { GITLAB_TOKEN: 'revoked-token' } });
    await stack.commitApps('dev', { exampleApp: '10.0.0' });
    const { eventId } = JSON.parse(String(stack.gitlab.hookDeliveries.at(-1)?.responseBody)) as {
      eventId: string;
    };
    const events = stack.infra.events;
    const record = await waitFor('the failed event', async () => {
      const r = await events.get(eventId);
      return r?.status === 'failed' ? r : undefined;
    });
    expect(record.reason).toContain('GITLAB_TOKEN was rejected');
    expect(stack.jenkins.triggers).toHaveLength(0);
  });

  it('retries while GitLab is down and plans the push when it is back', async () => {
    stack = await startStack({ name: 'gitlab-down' });
    const after = await stack.commitApps('dev', { postgres: '18.0' }); // planned while GitLab's API works
    await stack.settled([idFor('postgres', after)]);
    stack.gitlab.faults.set({ mode: 'down' });
    const next = await stack.project.commit({
      branch: 'dev',
      message: 'bump',
      files: { 'manifests/postgres/postgres.yaml': manifest('postgres', '18.1') },
      waitForHooks: false,
    });
    // The hook itself is sent by the emulator regardless of the API fault switch.
    await waitFor('the planner to hit the outage', () =>
      stack!.gitlab.requests.some((r) => r.status === 503 && r.route.includes('compare')),
    );
    stack.gitlab.faults.reset();
    const [record] = await stack.settled([idFor('postgres', next)]);
    expect(record).toMatchObject({ status: 'succeeded', imageTag: '18.1' });
  });
});
