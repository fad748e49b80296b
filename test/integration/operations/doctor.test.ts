import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GitLabEmulator, JenkinsEmulator, type EmulatedProject } from '@auto-promote/emulators';
import type { DoctorReport } from '@auto-promote/operations';
import { PrivateRedis, freePort } from '../../support/private-redis';
import { REDIS_URL } from '../../support/redis';
import { emulatorEnv, JOB_PARAMETERS, SECRETS } from '../../support/stack';
import { cli } from './support/cli';

let gitlab: GitLabEmulator;
let jenkins: JenkinsEmulator;
let project: EmulatedProject;
const url = 'https://auto-promote.example.com/webhooks/gitlab';

beforeAll(async () => {
  gitlab = await GitLabEmulator.start({ token: SECRETS.gitlabToken });
  project = await gitlab.createProject({ path: 'p2c/k8s-deployments' });
  await project.commit({ branch: 'main', files: { 'env.cue': 'package deployments\n' }, message: 'seed' });
  for (const branch of ['dev', 'stage', 'prod']) await project.createBranch(branch, 'main');
  jenkins = await JenkinsEmulator.start({ users: { 'auto-promote': { apiToken: SECRETS.jenkinsToken } } });
});

afterAll(async () => {
  await gitlab.stop();
  await jenkins.stop();
});

beforeEach(() => {
  for (const hook of project.hooks.list()) project.hooks.remove(hook.id);
  project.addHook({
    url,
    token: SECRETS.webhookSecret,
    push_events: true,
    branch_filter_strategy: 'regex',
    push_events_branch_filter: '^(dev|stage|prod)$',
  });
  jenkins.faults.reset();
  jenkins.defineJob('promote-environment', {
    parameters: JOB_PARAMETERS.map((name) => ({ name, type: 'string' as const })),
  });
});

const env = (extra: Record<string, string> = {}) => ({
  REDIS_URL,
  ...emulatorEnv(gitlab.url, jenkins.url),
  ...extra,
});

async function doctor(extra: Record<string, string> = {}, args: string[] = []) {
  // The end-to-end test push has its own suite (doctor-delivery): this hook points at no ingress.
  const run = await cli(['doctor', '--json', '--no-test-push', ...args], env(extra));
  const report = run.json<DoctorReport>();
  const status = (group: string, name: string) =>
    report.checks.find((c) => c.group === group && c.name === name)?.status ?? 'absent';
  const failed = report.checks.filter((c) => c.status === 'fail').map((c) => `${c.group} ${c.name}`);
  return { code: run.code, report, status, failed };
}

describe('auto-promote doctor', () => {
  it('passes when everything is in place, with one line per check', async () => {
    const run = await cli(['doctor', '--url', url, '--no-test-push'], env());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Redis\n {2}✓ reachable\s+Redis \d/);
    expect(run.stdout).toMatch(
      /✓ webhook\s+hook #\d+ → https:\/\/auto-promote\.example\.com\/webhooks\/gitlab/,
    );
    expect(run.stdout).toMatch(/✓ branches\s+dev, stage, prod exist/);
    expect(run.stdout).toMatch(
      /✓ parameters\s+APP_NAME, SOURCE_ENV, TARGET_ENV, IMAGE_TAG and PROMOTION_ID declared/,
    );
    expect(run.stdout).toContain('all checks passed');
    expect(run.stdout).not.toContain('\u001b['); // no colour off a terminal
  });

  it('fails when Redis does not answer', async () => {
    const port = await freePort();
    const { code, failed } = await doctor({ REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(code).toBe(1);
    expect(failed).toEqual(['Redis reachable']);
  });

  it('fails for an evicting Redis and warns without AOF', async () => {
    const redis = await PrivateRedis.start({
      args: ['--save', '', '--appendonly', 'no', '--maxmemory-policy', 'allkeys-lru'],
    });
    try {
      const { code, failed, status, report } = await doctor({ REDIS_URL: redis.url });
      expect(code).toBe(1);
      expect(failed).toEqual(['Redis maxmemory-policy']);
      expect(status('Redis', 'AOF persistence')).toBe('warn');
      expect(report.checks.find((c) => c.name === 'maxmemory-policy')?.fix).toContain('noeviction');
    } finally {
      await redis.stop();
    }
  });

  it.each([
    ['a bad token', { GITLAB_TOKEN: 'glpat-wrong' }, [], 'GitLab token'],
    ['a missing project', { GITLAB_PROJECT: 'p2c/nope' }, [], 'GitLab project'],
    [
      'a hook pointing elsewhere',
      {},
      ['--url', 'https://other.example.com/webhooks/gitlab'],
      'GitLab webhook',
    ],
    ['a missing branch', { PROMOTION_MAP: 'dev=stage,stage=qa' }, [], 'GitLab branches'],
  ])('fails for %s', async (_name, extra, args, check) => {
    const { code, failed } = await doctor(extra, args);
    expect(code).toBe(1);
    expect(failed).toEqual([check]);
  });

  it('fails when the hook is missing or wrong, with the setup command as fix', async () => {
    for (const hook of project.hooks.list())
      project.hooks.update(hook.id, { branch_filter_strategy: 'wildcard' });
    const wrong = await doctor();
    expect(wrong.failed).toEqual(['GitLab webhook']);
    expect(wrong.report.checks.find((c) => c.name === 'webhook')?.fix).toBe(
      `auto-promote setup webhook --url ${url}`,
    );
    for (const hook of project.hooks.list()) project.hooks.remove(hook.id);
    expect((await doctor()).failed).toEqual(['GitLab webhook']);
  });

  it.each([
    ['Jenkins down', () => jenkins.faults.set({ mode: 'refuse' }), {}, 'Jenkins reachable'],
    ['bad Jenkins credentials', () => undefined, { JENKINS_API_TOKEN: 'wrong' }, 'Jenkins authentication'],
    ['a missing job', () => jenkins.deleteJob('promote-environment'), {}, 'Jenkins job'],
    [
      'missing parameters',
      () => jenkins.defineJob('promote-environment', { parameters: [{ name: 'APP_NAME', type: 'string' }] }),
      {},
      'Jenkins parameters',
    ],
  ])('fails for %s', async (_name, breakIt, extra, check) => {
    breakIt();
    const { code, failed } = await doctor(extra);
    expect(code).toBe(1);
    expect(failed).toEqual([check]);
  });

  it('only warns about a filter of the source branches: merges into prod then wait for the reconciler', async () => {
    for (const hook of project.hooks.list())
      project.hooks.update(hook.id, { push_events_branch_filter: '^(dev|stage)$' });
    const { code, status, report } = await doctor();
    expect(code).toBe(0);
    expect(status('GitLab', 'webhook')).toBe('warn');
    expect(report.checks.find((c) => c.name === 'webhook')).toMatchObject({
      detail: expect.stringMatching(
        /^hook #\d+ never fires for prod \(filter '\^\(dev\|stage\)\$'\): merges into prod are recorded only by the reconciler$/,
      ) as unknown,
      fix: `auto-promote setup webhook --url ${url}`,
    });
  });

  it('still fails a filter that keeps out a source branch', async () => {
    for (const hook of project.hooks.list())
      project.hooks.update(hook.id, { push_events_branch_filter: '^(dev|prod)$' });
    const { failed, report } = await doctor();
    expect(failed).toEqual(['GitLab webhook']);
    expect(report.checks.find((c) => c.name === 'webhook')?.detail).toContain('never fires for stage');
  });

  it('only warns when the job lacks PROMOTION_ID', async () => {
    jenkins.defineJob('promote-environment', {
      parameters: JOB_PARAMETERS.filter((p) => p !== 'PROMOTION_ID').map((name) => ({
        name,
        type: 'string' as const,
      })),
    });
    const { code, status } = await doctor();
    expect(code).toBe(0);
    expect(status('Jenkins', 'parameters')).toBe('warn');
  });
});
