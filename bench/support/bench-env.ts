import { emulatorEnv, SECRETS } from '../../test/support/stack';

export { SECRETS };

export { SANDBOX_PROJECT as PROJECT_PATH } from '@auto-promote/sandbox';

/** Headers GitLab sends with a Push Hook. */
export const WEBHOOK_HEADERS: Record<string, string> = {
  'content-type': 'application/json',
  'x-gitlab-event': 'Push Hook',
  'x-gitlab-token': SECRETS.webhookSecret,
};

/**
 * Configuration of the auto-promote processes under test: production defaults except the addresses,
 * a private QUEUE_PREFIX, and LOG_LEVEL info (production's) with the log going to /dev/null.
 */
export function serviceEnv(options: {
  redisUrl: string;
  prefix: string;
  gitlabUrl: string;
  jenkinsUrl: string;
  overrides?: Record<string, string>;
}): Record<string, string> {
  return {
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: options.prefix,
    ...emulatorEnv(options.gitlabUrl, options.jenkinsUrl),
    ADMIN_USER: 'admin',
    ADMIN_PASSWORD: SECRETS.adminPassword,
    // The emulator's job opens no merge request: looking for one would add GitLab calls to every run.
    PROMOTION_MR_LOOKUP_TIMEOUT: '0',
    ...options.overrides,
  };
}
