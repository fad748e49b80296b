import { ConfigError, configSchema, loadConfig, type Config } from '@auto-promote/config';

type Key = keyof typeof configSchema.shape;

/** Every configuration key the service reads (libs/config/src/config-schema.ts). */
export const CONFIG_KEYS: readonly string[] = Object.keys(configSchema.shape);

const fieldOf = (key: string) => configSchema.shape[key as Key];

/** Keys without a default: start-up fails without them. */
export const REQUIRED_KEYS: readonly string[] = CONFIG_KEYS.filter(
  (key) => !fieldOf(key).safeParse(undefined).success,
);

/** Keys that must come from a Secret (the README's and the design's list). */
export const SECRET_KEYS: readonly string[] = [
  'GITLAB_TOKEN',
  'GITLAB_WEBHOOK_SECRET',
  'JENKINS_API_TOKEN',
  'ADMIN_PASSWORD',
];

export const isConfigKey = (key: string): boolean => CONFIG_KEYS.includes(key);

/** The parsed value of one key as the service would see it (defaults applied, values coerced). */
export function parsedValue(key: string, value: string | undefined): unknown {
  const result = fieldOf(key).safeParse(value);
  if (!result.success)
    throw new Error(`${key}=${String(value)}: ${result.error.issues[0]?.message ?? 'invalid'}`);
  return result.data;
}

/** A URL with a password in its user info (redis://:secret@host) is a secret too. */
export const hasPassword = (url: string): boolean => {
  try {
    return new URL(url).password !== '';
  } catch {
    return false;
  }
};

/** loadConfig on an environment: the Config, or the problems it names. */
export function tryLoadConfig(env: Record<string, string>): { config?: Config; problems: string[] } {
  try {
    return { config: loadConfig({ env }), problems: [] };
  } catch (error) {
    if (error instanceof ConfigError) return { problems: [...error.problems] };
    throw error;
  }
}
