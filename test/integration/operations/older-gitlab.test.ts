import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GitLabEmulator, JenkinsEmulator, type EmulatedProject } from '@auto-promote/emulators';
import type { DoctorReport, SetupWebhookResult } from '@auto-promote/operations';
import { REDIS_URL } from '../../support/redis';
import { emulatorEnv, JOB_PARAMETERS, SECRETS } from '../../support/stack';
import { cli } from './support/cli';

/**
 * `setup webhook` and `doctor` against a GitLab that answers like the older versions in test/fixtures/real:
 * no branch_filter_strategy (a filter is one wildcard pattern), no hook-test API.
 */
let gitlab: GitLabEmulator;
let jenkins: JenkinsEmulator;
let project: EmulatedProject;
let receiver: { url: string; hits: string[]; close(): Promise<void> };
const url = () => `${receiver.url}/webhooks/gitlab`;

beforeAll(async () => {
  gitlab = await GitLabEmulator.start({ token: SECRETS.gitlabToken, olderGitLab: true });
  project = await gitlab.createProject({ path: 'p2c/k8s-deployments' });
  await project.commit({ branch: 'main', files: { 'env.cue': 'package deployments\n' }, message: 'seed' });
  for (const branch of ['dev', 'stage', 'prod']) await project.createBranch(branch, 'main');
  jenkins = await JenkinsEmulator.start({ users: { 'auto-promote': { apiToken: SECRETS.jenkinsToken } } });
  jenkins.defineJob('promote-environment', {
    parameters: JOB_PARAMETERS.map((name) => ({ name, type: 'string' as const })),
  });
  receiver = await startReceiver();
});

afterAll(async () => {
  await gitlab.stop();
  await jenkins.stop();
  await receiver.close();
});

beforeEach(() => {
  for (const hook of project.hooks.list()) project.hooks.remove(hook.id);
  receiver.hits.length = 0;
});

const env = (extra: Record<string, string> = {}) => ({
  REDIS_URL,
  ...emulatorEnv(gitlab.url, jenkins.url),
  ...extra,
});

/** Which branches' pushes reach the hook: one commit on each, then the deliveries GitLab made. */
async function branchesDelivered(): Promise<string[]> {
  const before = gitlab.hookDeliveries.length;
  for (const branch of ['dev', 'stage', 'prod'])
    await project.commit({ branch, files: { [`touch-${branch}`]: String(Date.now()) }, message: 'touch' });
  await gitlab.idle();
  return gitlab.hookDeliveries.slice(before).map((d) => d.payload.ref.replace('refs/heads/', ''));
}

describe('setup webhook on a GitLab without regex branch filters', () => {
  it('falls back to no filter for two source branches, says so, and the hook fires for both', async () => {
    const run = await cli(['setup', 'webhook', '--url', url(), '--json'], env());
    expect(run.code).toBe(0);
    const result = run.json<SetupWebhookResult>();
    expect(result.filter).toMatchObject({ mode: 'all-branches', value: '', confirmed: true });
    expect(result.filter.note).toContain('does not report branch_filter_strategy');
    expect(project.hooks.list()).toHaveLength(1);
    expect(await branchesDelivered()).toEqual(['dev', 'stage', 'prod']);

    const again = await cli(['setup', 'webhook', '--url', url()], env());
    expect(again.stdout).toContain('unchanged');
    expect(again.stdout).toContain('branch filter: none: every branch');
  });

  it('falls back to no filter for a one-pair map too: its target is delivered as well', async () => {
    const run = await cli(
      ['setup', 'webhook', '--url', url(), '--json'],
      env({ PROMOTION_MAP: 'dev=stage' }),
    );
    expect(run.json<SetupWebhookResult>().filter).toMatchObject({
      mode: 'all-branches',
      value: '',
      confirmed: true,
    });
    expect(await branchesDelivered()).toEqual(['dev', 'stage', 'prod']);
  });

  it('warns about the source-only wildcard of earlier versions, and setup webhook widens it', async () => {
    project.addHook({
      url: url(),
      token: SECRETS.webhookSecret,
      push_events: true,
      push_events_branch_filter: 'dev',
    });
    const map = env({ PROMOTION_MAP: 'dev=stage' });
    const before = await cli(['doctor', '--url', url(), '--json', '--no-test-push'], map);
    expect(before.json<DoctorReport>().checks.find((c) => c.name === 'webhook')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('merges into stage are recorded only by the reconciler') as unknown,
      fix: `auto-promote setup webhook --url ${url()}`,
    });
    const setup = await cli(['setup', 'webhook', '--url', url(), '--json'], map);
    expect(setup.json<SetupWebhookResult>()).toMatchObject({
      action: 'updated',
      filter: { mode: 'all-branches', value: '', confirmed: true },
    });
    expect(await branchesDelivered()).toEqual(['dev', 'stage', 'prod']);
  });

  it('repairs a hook whose regex GitLab stored as a wildcard that matches nothing', async () => {
    project.addHook({
      url: url(),
      token: SECRETS.webhookSecret,
      push_events: true,
      push_events_branch_filter: '^(dev|stage)$',
    });
    expect(await branchesDelivered()).toEqual([]);
    const broken = await cli(['doctor', '--url', url(), '--json'], env());
    const webhook = broken.json<DoctorReport>().checks.find((c) => c.name === 'webhook');
    expect(webhook).toMatchObject({ status: 'fail', fix: `auto-promote setup webhook --url ${url()}` });
    expect(webhook?.detail).toContain('never fires for dev, stage, prod');

    expect((await cli(['setup', 'webhook', '--url', url()], env())).code).toBe(0);
    expect(await branchesDelivered()).toEqual(['dev', 'stage', 'prod']);
  });
});

describe('doctor on a GitLab without the hook-test API', () => {
  it('passes the hook and warns that delivery cannot be proven', async () => {
    expect((await cli(['setup', 'webhook', '--url', url()], env())).code).toBe(0);
    const run = await cli(['doctor', '--url', url(), '--json'], env());
    const checks = run.json<DoctorReport>().checks;
    expect(checks.find((c) => c.name === 'webhook')?.status).toBe('ok');
    expect(checks.find((c) => c.name === 'webhook delivery')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('no test-hook API') as unknown,
    });
    expect(run.code).toBe(0);
    expect(gitlab.requests.filter((r) => r.url.includes('/test/push_events')).map((r) => r.status)).toEqual([
      404,
    ]);
    expect(receiver.hits).toEqual([]);
  });
});

async function startReceiver(): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const { createServer } = await import('node:http');
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(String(req.headers['x-gitlab-event']));
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ignored"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
