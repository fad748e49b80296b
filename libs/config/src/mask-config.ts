import type { Config } from './config';

const MASK = '***';

/** Hides user:password in URLs such as redis://:secret@host. */
function maskUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = MASK;
    return url.toString().replace(/\/$/, '');
  } catch {
    return value;
  }
}

/** The configuration as it may be printed or logged: every secret replaced by `***`. */
export function maskConfig(config: Config) {
  return {
    ...config,
    redis: { ...config.redis, url: maskUrl(config.redis.url) },
    gitlab: {
      ...config.gitlab,
      token: MASK,
      webhookSecrets: config.gitlab.webhookSecrets.map(() => MASK),
      signingKey: config.gitlab.signingKey === null ? null : MASK,
    },
    promotion: { ...config.promotion, map: Object.fromEntries(config.promotion.map) },
    jenkins: { ...config.jenkins, apiToken: MASK },
    admin: config.admin ? { ...config.admin, password: MASK } : null,
  };
}
