import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@auto-promote/config';

const REQUIRED = {
  GITLAB_URL: 'https://gitlab.example.com/',
  GITLAB_TOKEN: 'glpat-secret-token',
  GITLAB_WEBHOOK_SECRET: 'hook-secret',
  GITLAB_PROJECT: 'p2c/k8s-deployments',
  JENKINS_URL: 'http://jenkins:8080',
  JENKINS_USER: 'auto-promote',
  JENKINS_API_TOKEN: 'jenkins-token',
};

describe('METRICS_APP_LABEL', () => {
  it('is off by default: the lead-time histograms have no app label', () => {
    expect(loadConfig({ env: REQUIRED }).metrics).toEqual({ appLabel: false });
  });

  it('turns the app label on', () => {
    expect(loadConfig({ env: { ...REQUIRED, METRICS_APP_LABEL: 'true' } }).metrics.appLabel).toBe(true);
  });

  it('refuses what is not a boolean, naming the key', () => {
    expect(() => loadConfig({ env: { ...REQUIRED, METRICS_APP_LABEL: 'perhaps' } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { ...REQUIRED, METRICS_APP_LABEL: 'perhaps' } })).toThrow(
      /METRICS_APP_LABEL/,
    );
  });
});
