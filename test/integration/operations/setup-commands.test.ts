import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GitLabEmulator, JenkinsEmulator, type EmulatedProject } from '@auto-promote/emulators';
import { REDIS_URL } from '../../support/redis';
import { SECRETS } from '../../support/stack';
import { cli } from './support/cli';

let gitlab: GitLabEmulator;
let jenkins: JenkinsEmulator;
let project: EmulatedProject;
let dir: string;

beforeAll(async () => {
  gitlab = await GitLabEmulator.start({ token: SECRETS.gitlabToken });
  project = await gitlab.createProject({ path: 'p2c/k8s-deployments' });
  await project.commit({ branch: 'main', files: { 'env.cue': 'package deployments\n' }, message: 'seed' });
  jenkins = await JenkinsEmulator.start({ users: { 'auto-promote': { apiToken: SECRETS.jenkinsToken } } });
  dir = mkdtempSync(join(tmpdir(), 'setup-jenkins-'));
});

afterAll(async () => {
  await gitlab.stop();
  await jenkins.stop();
  rmSync(dir, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => ({
  REDIS_URL,
  GITLAB_URL: gitlab.url,
  GITLAB_TOKEN: SECRETS.gitlabToken,
  GITLAB_WEBHOOK_SECRET: `${SECRETS.webhookSecret},next-secret`,
  GITLAB_PROJECT: 'p2c/k8s-deployments',
  JENKINS_URL: jenkins.url,
  JENKINS_USER: 'auto-promote',
  JENKINS_API_TOKEN: SECRETS.jenkinsToken,
  ...extra,
});

const writes = () => gitlab.requests.filter((r) => r.method !== 'GET');
const jenkinsWrites = () => jenkins.requests.filter((r) => r.method === 'POST');

describe('auto-promote setup webhook', () => {
  const url = 'https://auto-promote.example.com/webhooks/gitlab';
  beforeEach(() => {
    for (const hook of project.hooks.list()) project.hooks.remove(hook.id);
    gitlab.clearRequests();
  });

  it('creates the hook, then finds it unchanged without a write call', async () => {
    const first = await cli(['setup', 'webhook', '--url', url], env());
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^created {2}hook #\d+ → https:\/\/auto-promote\.example\.com\/webhooks\/gitlab/,
    );
    // Every branch of the map: a push to prod is how a merge into prod is recorded at once.
    expect(first.stdout).toContain('branch filter: regex ^(dev|stage|prod)$ (read back from GitLab)');
    const [hook, ...others] = project.hooks.list();
    expect(others).toEqual([]);
    expect(hook).toMatchObject({
      url,
      token: SECRETS.webhookSecret,
      branchFilterStrategy: 'regex',
      pushEventsBranchFilter: '^(dev|stage|prod)$',
      enableSslVerification: true,
    });
    expect(Object.entries(hook!.events).filter(([, on]) => on)).toEqual([['push_events', true]]);

    gitlab.clearRequests();
    const second = await cli(
      ['setup', 'webhook', '--url', 'HTTPS://Auto-Promote.example.com:443/webhooks/gitlab/'],
      env(),
    );
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('unchanged');
    expect(second.stdout).toContain('--rotate-token');
    expect(writes()).toEqual([]);
    expect(gitlab.countRequests('GET /projects/:id/hooks')).toBe(1);
  });

  it('updates a hook that differs, sends the token, and warns about duplicates', async () => {
    project.addHook({
      url: 'https://AUTO-PROMOTE.example.com/webhooks/gitlab/',
      token: 'stale',
      push_events: true,
      tag_push_events: true,
      push_events_branch_filter: 'dev',
      enable_ssl_verification: false,
    });
    project.addHook({ url, push_events: true });
    const result = await cli(['setup', 'webhook', '--url', url, '--json'], env());
    expect(result.code).toBe(0);
    const body = result.json<{ action: string; changes: Array<{ field: string }>; warnings: string[] }>();
    expect(body.action).toBe('updated');
    expect(body.changes.map((c) => c.field)).toEqual([
      'tag_push_events',
      'branch_filter_strategy',
      'push_events_branch_filter',
      'enable_ssl_verification',
    ]);
    expect(body.warnings.join()).toMatch(/other hooks point at the same URL \(#\d+\)/);
    const [updated] = project.hooks.list();
    expect(updated).toMatchObject({ token: SECRETS.webhookSecret, branchFilterStrategy: 'regex' });
    expect(updated?.events.tag_push_events).toBe(false);
    expect(writes().map((r) => r.route)).toEqual(['PUT /projects/:id/hooks/:hook_id']);

    gitlab.clearRequests();
    expect((await cli(['setup', 'webhook', '--url', url], env())).stdout).toContain('unchanged');
    expect(writes()).toEqual([]);
  });

  it('widens the source-only filter of earlier versions to every branch of the map', async () => {
    project.addHook({
      url,
      token: SECRETS.webhookSecret,
      push_events: true,
      branch_filter_strategy: 'regex',
      push_events_branch_filter: '^(dev|stage)$',
    });
    const result = await cli(['setup', 'webhook', '--url', url, '--json'], env());
    expect(result.code).toBe(0);
    expect(result.json<{ action: string; changes: unknown[] }>()).toMatchObject({
      action: 'updated',
      changes: [{ field: 'push_events_branch_filter', from: '^(dev|stage)$', to: '^(dev|stage|prod)$' }],
    });
    expect(project.hooks.list()[0]?.pushEventsBranchFilter).toBe('^(dev|stage|prod)$');
  });

  it('--dry-run writes nothing; --rotate-token sends the token to an unchanged hook', async () => {
    const dry = await cli(['setup', 'webhook', '--url', url, '--dry-run'], env());
    expect(dry.stdout).toContain('would be created');
    expect(project.hooks.list()).toEqual([]);
    expect(writes()).toEqual([]);

    await cli(['setup', 'webhook', '--url', url], env());
    const hook = project.hooks.list()[0]!;
    project.hooks.update(hook.id, { token: 'lost' });
    gitlab.clearRequests();
    const rotated = await cli(['setup', 'webhook', '--url', url, '--rotate-token'], env());
    expect(rotated.stdout).toContain('updated');
    expect(project.hooks.list()[0]?.token).toBe(SECRETS.webhookSecret);
    expect(writes()).toHaveLength(1);
  });

  it('--insecure-skip-tls-verify turns TLS verification off; a bad URL is a usage error', async () => {
    await cli(['setup', 'webhook', '--url', url, '--insecure-skip-tls-verify'], env());
    expect(project.hooks.list()[0]?.enableSslVerification).toBe(false);
    const bad = await cli(['setup', 'webhook', '--url', 'ftp://x'], env());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--url must be an http(s) URL');
  });

  it('prints configuration errors as the service does (exit 2)', async () => {
    const result = await cli(['setup', 'webhook', '--url', url], env({ GITLAB_TOKEN: '' }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid configuration:');
    expect(result.stderr).toContain('GITLAB_TOKEN: is required');
  });
});

describe('auto-promote setup jenkins', () => {
  const parameters = (names: string[]) =>
    names
      .map(
        (name) =>
          `        <hudson.model.StringParameterDefinition>\n          <name>${name}</name>\n          <defaultValue></defaultValue>\n        </hudson.model.StringParameterDefinition>`,
      )
      .join('\n');
  const configXml = (names: string[], description = 'promotes an app') =>
    [
      "<?xml version='1.1' encoding='UTF-8'?>",
      '<flow-definition plugin="workflow-job">',
      `  <description>${description}</description>`,
      '  <properties>',
      '    <hudson.model.ParametersDefinitionProperty>',
      '      <parameterDefinitions>',
      parameters(names),
      '      </parameterDefinitions>',
      '    </hudson.model.ParametersDefinitionProperty>',
      '  </properties>',
      '  <disabled>false</disabled>',
      '</flow-definition>',
      '',
    ].join('\n');
  const file = (name: string, xml: string) => {
    const path = join(dir, name);
    writeFileSync(path, xml);
    return path;
  };
  const all = ['APP_NAME', 'SOURCE_ENV', 'TARGET_ENV', 'IMAGE_TAG', 'PROMOTION_ID'];

  it('creates the job from a config.xml, then finds it unchanged without a write call', async () => {
    jenkins.defineJob('deploy/other'); // the folder exists; the job does not
    jenkins.reset();
    const path = file('job.xml', configXml(all));
    const first = await cli(
      ['setup', 'jenkins', '--job-config', path],
      env({ JENKINS_JOB: 'deploy/promote' }),
    );
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("created  job 'deploy/promote'");
    expect(first.stdout).toContain('PROMOTION_ID: declared');
    expect(jenkinsWrites().map((r) => r.path)).toEqual(['/job/deploy/createItem']);

    jenkins.reset();
    // Jenkins stores the XML its own way; only whitespace and the declaration may differ.
    const reformatted = file(
      'job2.xml',
      configXml(all).replace("<?xml version='1.1' encoding='UTF-8'?>\n", '').replace(/\n\s*/g, '\n'),
    );
    const second = await cli(
      ['setup', 'jenkins', '--job-config', reformatted, '--json'],
      env({ JENKINS_JOB: 'deploy/promote' }),
    );
    expect(second.code).toBe(0);
    expect(second.json()).toMatchObject({
      action: 'unchanged',
      check: { missing: [], declaresPromotionId: true },
    });
    expect(jenkinsWrites()).toEqual([]);
  });

  it('updates a job whose config differs, and fails while parameters are missing', async () => {
    jenkins.defineJob('promote-environment', { parameters: [{ name: 'APP_NAME', type: 'string' }] });
    const check = await cli(['setup', 'jenkins'], env());
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('does not declare SOURCE_ENV, TARGET_ENV, IMAGE_TAG');

    jenkins.reset();
    const path = file('update.xml', configXml(all.slice(0, 4), 'new description'));
    const updated = await cli(['setup', 'jenkins', '--job-config', path], env());
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain("updated  job 'promote-environment'");
    expect(updated.stdout).toContain('PROMOTION_ID: not declared');
    expect(jenkinsWrites().map((r) => r.path)).toEqual(['/job/promote-environment/config.xml']);
  });

  it('--dry-run reports the creation without creating; a missing folder is reported', async () => {
    jenkins.reset();
    const path = file('dry.xml', configXml(all));
    const dry = await cli(
      ['setup', 'jenkins', '--job-config', path, '--dry-run'],
      env({ JENKINS_JOB: 'brand-new' }),
    );
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("would be created  job 'brand-new'");
    expect(jenkinsWrites()).toEqual([]);
    const noFolder = await cli(
      ['setup', 'jenkins', '--job-config', path],
      env({ JENKINS_JOB: 'nowhere/job' }),
    );
    expect(noFolder.code).toBe(1);
    expect(noFolder.stderr).toContain("the folder of 'nowhere/job' must exist");
  });
});
