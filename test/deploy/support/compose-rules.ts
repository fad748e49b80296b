import { parseDuration } from '@auto-promote/config';
import { CONFIG_KEYS, REQUIRED_KEYS, isConfigKey, parsedValue, tryLoadConfig } from './config-keys';
import type { EnvFile } from './env-file';
import { asArray, at, isObject, text, type Json, type JsonObject } from './json';

export const ROLE_SERVICES = ['ingress', 'planner', 'dispatcher'] as const;
/** Beyond configuration keys, the emulators read their own EMULATOR_* keys and the sandbox CLI's state path. */
export const EMULATOR_ONLY_KEY = /^(EMULATOR_[A-Z_]+|AUTO_PROMOTE_SANDBOX_STATE)$/;
/** Compose's own keys in .env (COMPOSE_PROJECT_NAME): read by Compose, ignored by the service. */
export const COMPOSE_KEY = /^COMPOSE_[A-Z_]+$/;
export const COMPOSE_PROJECT = 'auto-promote';
export const SANDBOX_PROJECT_PATH = 'p2c/k8s-deployments';
export const SANDBOX_JOB = 'promote-environment';

export const servicesOf = (compose: JsonObject): Record<string, JsonObject> => {
  const services = compose['services'];
  if (!isObject(services)) throw new Error('compose file has no services');
  return Object.fromEntries(
    Object.entries(services).filter((e): e is [string, JsonObject] => isObject(e[1])),
  );
};

/** `environment` as a map, from either of Compose's two spellings. */
export function environmentOf(service: JsonObject): Record<string, string> {
  const environment = service['environment'];
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((entry) => {
        const [key, ...rest] = text(entry).split('=');
        return [key!, rest.join('=')];
      }),
    );
  }
  if (isObject(environment))
    return Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, text(v)]));
  return {};
}

export const envFilesOf = (service: JsonObject): string[] => {
  const value = service['env_file'];
  const entries = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return entries.map((e) => (isObject(e) ? text(e['path']) : text(e)));
};

const commandOf = (service: JsonObject): string[] => {
  const command = service['command'];
  return typeof command === 'string' ? command.split(/\s+/) : asArray(command).map(String);
};

/** Compose durations: 1m30s, 30s, 500ms… */
export function composeDurationMs(value: Json | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value) return undefined;
  return parts.reduce((sum, p) => sum + (parseDuration(`${p[1]}${p[2]}`) ?? Number.NaN), 0);
}

const healthTest = (service: JsonObject): string[] => asArray(at(service, 'healthcheck', 'test')).map(String);

/** The environment a service's container starts with: env_file (.env from .env.example), then environment. */
export function containerEnv(service: JsonObject, envExample: EnvFile): Record<string, string> {
  const fromFile = envFilesOf(service).includes('.env') ? Object.fromEntries(envExample.values) : {};
  return { ...fromFile, ...environmentOf(service) };
}

/**
 * docker-compose.yml's rules: Redis as the queues need it, the three roles from one image on that Redis,
 * scalable and health-checked, and the sandbox profile wired to the emulators.
 */
export function composeProblems(
  compose: JsonObject,
  envExample: EnvFile,
  stages: readonly string[],
): string[] {
  const problems: string[] = [];
  if ('version' in compose) problems.push('the obsolete version key is set');
  if ('name' in compose) problems.push('top-level name (docker-compose 1.29 rejects it)');
  if ('configs' in compose) problems.push('top-level configs (docker-compose 1.29 rejects inline content)');
  const services = servicesOf(compose);
  const volumes = isObject(compose['volumes']) ? Object.keys(compose['volumes']) : [];
  for (const name of ['redis', ...ROLE_SERVICES, 'emulators'])
    if (!services[name]) problems.push(`no ${name} service`);

  for (const [name, service] of Object.entries(services)) {
    const test = healthTest(service);
    if (test.length === 0 || test[0] === 'NONE' || at(service, 'healthcheck', 'disable') === true)
      problems.push(`${name}: no healthcheck`);
    if (service['container_name'] !== undefined) problems.push(`${name}: container_name prevents --scale`);
    const target = at(service, 'build', 'target');
    if (target !== undefined && !stages.includes(text(target)))
      problems.push(`${name}: build target ${text(target)} is no Dockerfile stage`);
  }

  const redis = services['redis'];
  if (redis) {
    const argv = commandOf(redis).join(' ');
    if (!text(redis['image']).startsWith('redis:7')) problems.push('redis: image is not redis:7');
    if (!/--appendonly yes\b/.test(argv)) problems.push('redis: AOF is off (--appendonly yes)');
    if (!/--maxmemory-policy noeviction\b/.test(argv))
      problems.push('redis: maxmemory-policy is not noeviction');
    const data = asArray(redis['volumes'])
      .map((v) => (isObject(v) ? `${text(v['source'])}:${text(v['target'])}` : text(v)))
      .find((v) => v.split(':')[1] === '/data');
    if (!data || !volumes.includes(data.split(':')[0]!)) problems.push('redis: /data is not a named volume');
    if (!healthTest(redis).join(' ').includes('redis-cli ping'))
      problems.push('redis: healthcheck is not redis-cli ping');
    if (asArray(redis['ports']).length > 0) problems.push('redis: publishes ports');
  }

  const images = new Set<string>();
  for (const role of ROLE_SERVICES) {
    const service = services[role];
    if (!service) continue;
    images.add(text(service['image']));
    const env = containerEnv(service, envExample);
    if (JSON.stringify(commandOf(service)) !== JSON.stringify(['serve', '--role', role]))
      problems.push(`${role}: command is not serve --role ${role}`);
    if (!envFilesOf(service).includes('.env')) problems.push(`${role}: settings do not come from .env`);
    if (environmentOf(service)['REDIS_URL'] !== 'redis://redis:6379')
      problems.push(`${role}: REDIS_URL is not redis://redis:6379`);
    if (at(service, 'depends_on', 'redis', 'condition') !== 'service_healthy')
      problems.push(`${role}: does not wait for a healthy redis`);
    if (service['profiles'] !== undefined) problems.push(`${role}: belongs to a profile`);
    const ports = asArray(service['ports']).map(String);
    const port = String(env['PORT'] ?? parsedValue('PORT', undefined));
    if (role === 'ingress' && !ports.some((p) => p.endsWith(`:${port}`)))
      problems.push(`ingress: port ${port} is not published`);
    if (role !== 'ingress' && ports.length > 0)
      problems.push(`${role}: publishes ports (scaling would collide)`);
    if (!healthTest(service).join(' ').includes('/healthz'))
      problems.push(`${role}: healthcheck does not GET /healthz`);
    const grace = composeDurationMs(service['stop_grace_period']) ?? 10_000;
    const drain = parseDuration(env['SHUTDOWN_TIMEOUT'] ?? '25s') ?? Number.NaN;
    if (!(grace > drain))
      problems.push(`${role}: stop_grace_period ${grace}ms does not exceed SHUTDOWN_TIMEOUT ${drain}ms`);
    for (const key of Object.keys(env))
      if (!isConfigKey(key) && !COMPOSE_KEY.test(key))
        problems.push(`${role}: ${key} is no configuration key`);
  }
  if (images.size !== 1) problems.push(`the roles do not share one image: ${[...images].join(', ')}`);

  const emulators = services['emulators'];
  if (emulators) {
    const env = containerEnv(emulators, envExample);
    if (!asArray(emulators['profiles']).includes('sandbox'))
      problems.push('emulators: not in the sandbox profile');
    if (at(emulators, 'build', 'target') !== 'emulators')
      problems.push('emulators: not built from the emulators stage');
    if (env['EMULATOR_HOST'] !== '0.0.0.0') problems.push('emulators: EMULATOR_HOST is not 0.0.0.0');
    const ingressPort = String(parsedValue('PORT', envExample.values.get('PORT')));
    if (env['EMULATOR_HOOK_URL'] !== `http://ingress:${ingressPort}/webhooks/gitlab`)
      problems.push(`emulators: EMULATOR_HOOK_URL is not http://ingress:${ingressPort}/webhooks/gitlab`);
    for (const key of Object.keys(env))
      if (!isConfigKey(key) && !EMULATOR_ONLY_KEY.test(key) && !COMPOSE_KEY.test(key))
        problems.push(`emulators: ${key} is no configuration key`);
    for (const key of ['GITLAB_TOKEN', 'JENKINS_USER', 'JENKINS_API_TOKEN', 'GITLAB_WEBHOOK_SECRET'])
      if (!env[key]) problems.push(`emulators: ${key} is not set`);
  }
  for (const [name, service] of Object.entries(services)) {
    if (name === 'emulators') continue;
    for (const key of Object.keys(environmentOf(service)))
      if (EMULATOR_ONLY_KEY.test(key)) problems.push(`${name}: ${key} belongs to the emulators only`);
  }
  return problems;
}

/**
 * .env.example: every configuration key, set or documented with its true default; the required keys set;
 * the whole accepted by loadConfig; and values that make the sandbox profile work.
 */
export function envExampleProblems(envExample: EnvFile, compose: JsonObject): string[] {
  const problems: string[] = [];
  const { values, documented } = envExample;
  for (const key of CONFIG_KEYS)
    if (!values.has(key) && !documented.has(key)) problems.push(`${key} is not documented`);
  for (const key of [...values.keys(), ...documented.keys()])
    if (!isConfigKey(key) && !COMPOSE_KEY.test(key)) problems.push(`${key} is no configuration key`);
  // docker-compose 1.29 rejects a top-level name: the project name comes from .env.
  if (values.get('COMPOSE_PROJECT_NAME') !== COMPOSE_PROJECT)
    problems.push(`COMPOSE_PROJECT_NAME is not ${COMPOSE_PROJECT}`);
  for (const key of documented.keys())
    if (values.has(key)) problems.push(`${key} is both set and documented`);
  for (const [key, value] of documented) {
    try {
      // An empty value means unset, as it does for loadConfig.
      const given = value === '' ? undefined : value;
      if (JSON.stringify(parsedValue(key, given)) !== JSON.stringify(parsedValue(key, undefined)))
        problems.push(`# ${key}=${value} is not the default`);
    } catch (error) {
      problems.push(`# ${key}=${value}: ${(error as Error).message}`);
    }
  }
  for (const key of REQUIRED_KEYS) if (!values.get(key)) problems.push(`${key} is required but not set`);
  const env = Object.fromEntries([...values].filter(([key]) => !COMPOSE_KEY.test(key)));
  problems.push(...tryLoadConfig(env).problems.map((p) => `loadConfig: ${p}`));

  const emulators = servicesOf(compose)['emulators'];
  const emulatorEnv = emulators ? environmentOf(emulators) : {};
  const expectUrl = (key: string, portKey: string, fallback: string): void => {
    const wanted = `http://emulators:${emulatorEnv[portKey] ?? fallback}`;
    if (env[key] !== wanted) problems.push(`${key} is ${String(env[key])}, the sandbox needs ${wanted}`);
  };
  expectUrl('GITLAB_URL', 'EMULATOR_GITLAB_PORT', '3001');
  expectUrl('JENKINS_URL', 'EMULATOR_JENKINS_PORT', '3002');
  if (env['GITLAB_PROJECT'] !== SANDBOX_PROJECT_PATH)
    problems.push(`GITLAB_PROJECT is not ${SANDBOX_PROJECT_PATH}`);
  if (parsedValue('JENKINS_JOB', env['JENKINS_JOB']) !== SANDBOX_JOB)
    problems.push(`JENKINS_JOB is not ${SANDBOX_JOB}`);
  return problems;
}

/** ${VAR} and ${VAR:-default} references in a compose file's text. */
export function interpolatedNames(text: string): string[] {
  return [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:[:?-][^}]*)?\}/g)].map((m) => m[1]!);
}

/** Compose interpolation with values from .env: ${VAR}, ${VAR:-default}, $$ → $. */
export function interpolate(text: string, values: ReadonlyMap<string, string>): string {
  return text
    .replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
      (_m, name: string, fallback: string | undefined) => {
        const value = values.get(name);
        return value !== undefined && value !== '' ? value : (fallback ?? '');
      },
    )
    .replace(/\$\$/g, '$');
}
