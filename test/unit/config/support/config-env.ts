import { expect } from 'vitest';
import { ConfigError, loadConfig } from '@auto-promote/config';

/** The keys every configuration must have, with valid values; tests add or override what they check. */
export const REQUIRED = {
  GITLAB_URL: 'https://gitlab.example.com/',
  GITLAB_TOKEN: 'glpat-secret-token',
  GITLAB_WEBHOOK_SECRET: 'hook-secret',
  GITLAB_PROJECT: 'p2c/k8s-deployments',
  JENKINS_URL: 'http://jenkins:8080',
  JENKINS_USER: 'auto-promote',
  JENKINS_API_TOKEN: 'jenkins-token',
};

/** The problems `loadConfig` refuses `env` with; fails the test when it accepts it. */
export function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig({ env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}
