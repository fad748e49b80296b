import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, maskConfig, parseDuration } from '@auto-promote/config';
import { REQUIRED, problemsOf } from './support/config-env';

describe('loadConfig', () => {
  it('applies every documented default', () => {
    const config = loadConfig({ env: REQUIRED });
    expect(config.redis).toEqual({
      url: 'redis://127.0.0.1:6379',
      prefix: 'auto-promote',
      sentinel: null,
      cluster: null,
    });
    expect(config.http.port).toBe(3000);
    expect(config.http.bodyLimitBytes).toBe(2 * 1024 * 1024);
    expect([...config.promotion.map]).toEqual([
      ['dev', 'stage'],
      ['stage', 'prod'],
    ]);
    expect(config.promotion).toMatchObject({
      appsDir: 'manifests',
      appNameStyle: 'as-is',
      imageTagSource: 'manifest',
    });
    expect(config.jenkins).toMatchObject({ job: 'promote-environment', retryHorizonMs: 24 * 3_600_000 });
    expect(config.gitlab.url).toBe('https://gitlab.example.com');
    expect(config.admin).toBeNull();
    expect(config.retry.maxDelayMs).toBe(60_000);
    expect(config.jenkins.maxTriggersPerSecond).toBe(5);
    expect(config.reconcile.intervalMs).toBe(300_000);
    expect(config.shutdown.timeoutMs).toBe(25_000);
    expect(config.redisPolicy.allowEviction).toBe(false);
    expect(config.gitlab.feedback).toEqual({ status: true, note: false, delayMs: 1_000 });
  });

  it.each([
    ['0', 0],
    ['250ms', 250],
    ['5s', 5_000],
  ])('takes GITLAB_FEEDBACK_DELAY=%s (0 reports every transition at once)', (value, delayMs) => {
    expect(loadConfig({ env: { ...REQUIRED, GITLAB_FEEDBACK_DELAY: value } }).gitlab.feedback.delayMs).toBe(
      delayMs,
    );
  });

  it('names every missing required key in one error', () => {
    const problems = problemsOf({});
    for (const key of Object.keys(REQUIRED)) expect(problems.some((p) => p.startsWith(`${key}:`))).toBe(true);
    expect(problems).toHaveLength(Object.keys(REQUIRED).length);
  });

  it.each([
    ['PORT', 'seventy', 'PORT:'],
    ['REDIS_URL', 'http://redis', 'REDIS_URL:'],
    ['PROMOTION_MAP', 'dev=stage,stage=dev', 'PROMOTION_MAP:'],
    ['APP_NAME_STYLE', 'snake', 'APP_NAME_STYLE:'],
    ['IMAGE_TAG_SOURCE', 'git', 'IMAGE_TAG_SOURCE:'],
    ['APPS_DIR', '../etc', 'APPS_DIR:'],
    ['JENKINS_URL', 'ftp://jenkins', 'JENKINS_URL:'],
    ['JENKINS_RETRY_HORIZON', 'forever', 'JENKINS_RETRY_HORIZON:'],
    ['WEBHOOK_BODY_LIMIT', 'huge', 'WEBHOOK_BODY_LIMIT:'],
    ['QUEUE_PREFIX', 'has:colon', 'QUEUE_PREFIX:'],
    ['RECONCILE_INTERVAL', 'often', 'RECONCILE_INTERVAL:'],
    ['SHUTDOWN_TIMEOUT', '0s', 'SHUTDOWN_TIMEOUT:'],
    ['JENKINS_MAX_TRIGGERS_PER_SECOND', '-1', 'JENKINS_MAX_TRIGGERS_PER_SECOND:'],
    ['GITLAB_FEEDBACK_DELAY', 'soon', 'GITLAB_FEEDBACK_DELAY:'],
  ])('rejects an invalid %s', (key, value, expected) => {
    const problems = problemsOf({ ...REQUIRED, [key]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  it('requires ADMIN_USER and ADMIN_PASSWORD together', () => {
    expect(problemsOf({ ...REQUIRED, ADMIN_USER: 'admin' })).toEqual([
      'ADMIN_USER / ADMIN_PASSWORD: set both or neither',
    ]);
    const config = loadConfig({ env: { ...REQUIRED, ADMIN_USER: 'admin', ADMIN_PASSWORD: 'pw' } });
    expect(config.admin).toEqual({ user: 'admin', password: 'pw', allowWrite: false });
  });

  it('accepts several webhook secrets for rotation', () => {
    const config = loadConfig({ env: { ...REQUIRED, GITLAB_WEBHOOK_SECRET: 'old, new ,' } });
    expect(config.gitlab.webhookSecrets).toEqual(['old', 'new']);
  });

  it('reads a YAML file named by AUTO_PROMOTE_CONFIG, with the environment taking precedence', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ap-config-'));
    const file = join(dir, 'config.yaml');
    writeFileSync(file, 'GITLAB_URL: https://from-file.example.com\nPORT: 4000\nAPP_NAME_STYLE: kebab\n');
    const { GITLAB_URL: _omit, ...rest } = REQUIRED;
    const config = loadConfig({ env: { ...rest, AUTO_PROMOTE_CONFIG: file, PORT: '5000' } });
    expect(config.gitlab.url).toBe('https://from-file.example.com');
    expect(config.http.port).toBe(5000);
    expect(config.promotion.appNameStyle).toBe('kebab');
  });

  it('reports unknown keys and unreadable files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ap-config-'));
    const file = join(dir, 'config.yaml');
    writeFileSync(file, 'GITLAB_TOKN: typo\n');
    expect(problemsOf({ ...REQUIRED, AUTO_PROMOTE_CONFIG: file })).toEqual([
      `GITLAB_TOKN: unknown key in ${file}`,
    ]);
    expect(problemsOf({ ...REQUIRED, AUTO_PROMOTE_CONFIG: join(dir, 'missing.yaml') })[0]).toContain(
      'cannot read',
    );
  });

  it('never puts a secret value in an error message', () => {
    const problems = problemsOf({ ...REQUIRED, GITLAB_URL: 'not a url', PORT: 'x' });
    expect(problems.join('\n')).not.toContain(REQUIRED.GITLAB_TOKEN);
    expect(problems.join('\n')).not.toContain(REQUIRED.JENKINS_API_TOKEN);
  });
});

describe('maskConfig', () => {
  it('replaces every secret', () => {
    const config = loadConfig({
      env: {
        ...REQUIRED,
        ADMIN_USER: 'admin',
        ADMIN_PASSWORD: 'admin-pw',
        REDIS_URL: 'redis://:redis-pw@redis:6379',
      },
    });
    const printed = JSON.stringify(maskConfig(config));
    for (const secret of ['glpat-secret-token', 'hook-secret', 'jenkins-token', 'admin-pw', 'redis-pw']) {
      expect(printed).not.toContain(secret);
    }
    expect(printed).toContain('p2c/k8s-deployments');
  });
});

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['1500', 1500],
    ['1.5h', 5_400_000],
    ['', null],
    ['5 minutes', null],
    ['-1s', null],
  ])('%s → %s', (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });
});
