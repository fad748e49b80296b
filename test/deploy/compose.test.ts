import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_PROJECT, sandboxStateFromEnv } from '@auto-promote/sandbox';
import { CONFIG_KEYS, isConfigKey } from './support/config-keys';
import {
  COMPOSE_KEY,
  EMULATOR_ONLY_KEY,
  SANDBOX_PROJECT_PATH,
  composeProblems,
  containerEnv,
  envExampleProblems,
  interpolate,
  interpolatedNames,
  servicesOf,
} from './support/compose-rules';
import { COMPOSE_SCHEMA_PATH, composeSchema, composeValidator } from './support/compose-schema';
import { readDockerfile } from './support/dockerfile';
import { parseEnvFile, readEnvFile, type EnvFile } from './support/env-file';
import { asArray, at, type Json, type JsonObject } from './support/json';
import { runHealthcheck, stubServer, type StubServer } from './support/run-command';
import { parseYamlDocuments, readYamlDocument } from './support/yaml-files';

// docker-compose.yml and .env.example: valid against the Compose Specification's schema, and wired as the
// service needs (Redis with AOF and noeviction, three scalable roles, the sandbox profile). The last part
// shows that each rule fails when its rule is broken.

const COMPOSE_TEXT = readFileSync('docker-compose.yml', 'utf8');
const compose = readYamlDocument('docker-compose.yml') as JsonObject;
const envExample = readEnvFile('.env.example');
const stages = readDockerfile('Dockerfile').stages.flatMap((s) => (s.name ? [s.name] : []));
const validate = composeValidator();

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema (from the npm package dclint)', () => {
    expect(COMPOSE_SCHEMA_PATH).toMatch(/node_modules\/dclint\/schemas\/compose\.schema\.json$/);
    expect(composeSchema()['title']).toBe('Compose Specification');
    expect(validate(compose)).toEqual([]);
  });

  it('is valid after interpolation with the values of .env.example', () => {
    expect(validate(parseYamlDocuments(interpolate(COMPOSE_TEXT, envExample.values))[0] as Json)).toEqual([]);
  });

  it('the schema rejects what Compose rejects', () => {
    const broken = structuredClone(compose);
    const ingress = servicesOf(broken)['ingress']!;
    ingress['heathcheck'] = {};
    ingress['depends_on'] = { redis: { condition: 'service_happy' } };
    ingress['ports'] = 3000;
    expect(validate(broken)).toEqual(
      expect.arrayContaining([
        "/services/ingress must NOT have additional properties 'heathcheck'",
        expect.stringContaining(
          '/services/ingress/depends_on/redis/condition must be equal to one of the allowed values',
        ),
        '/services/ingress/ports must be array',
      ]),
    );
  });

  it('follows the project rules', () => {
    expect(composeProblems(compose, envExample, stages)).toEqual([]);
  });

  it('passes the containers configuration keys only (and the emulators their own)', () => {
    for (const [name, service] of Object.entries(servicesOf(compose))) {
      if (name === 'redis') continue;
      const keys = Object.keys(containerEnv(service, envExample));
      const foreign = keys.filter(
        (k) =>
          !isConfigKey(k) && !COMPOSE_KEY.test(k) && !(name === 'emulators' && EMULATOR_ONLY_KEY.test(k)),
      );
      expect(foreign, name).toEqual([]);
    }
    expect(interpolatedNames(COMPOSE_TEXT).filter((k) => !isConfigKey(k))).toEqual([]);
  });

  it('works with docker-compose 1.29: no top-level name, no inline configs', () => {
    expect(compose['name']).toBeUndefined();
    expect(compose['configs']).toBeUndefined();
    for (const [name, service] of Object.entries(servicesOf(compose)))
      expect(service['configs'], name).toBeUndefined();
  });

  it("gives the sandbox CLI in the emulators container its state from the container's environment", () => {
    const emulators = servicesOf(compose)['emulators']!;
    const env = containerEnv(emulators, envExample);
    const state = sandboxStateFromEnv(env);
    expect(state).toBeDefined();
    expect(state!.projectPath).toBe(SANDBOX_PROJECT);
    expect(SANDBOX_PROJECT).toBe(SANDBOX_PROJECT_PATH);
    expect(state!.projectId).toBe(1); // the first project the GitLab emulator creates
    expect(state!.autoPromoteUrl).toBe('http://ingress:3000');
    expect(state!.gitlabToken).toBe(envExample.values.get('GITLAB_TOKEN'));
    expect(state!.gitlabUrl).toBe(`http://127.0.0.1:${env['EMULATOR_GITLAB_PORT']}`);
    expect(state!.jenkinsUrl).toBe(`http://127.0.0.1:${env['EMULATOR_JENKINS_PORT']}`);
    expect(state!.admin).toEqual({
      user: envExample.values.get('ADMIN_USER'),
      password: envExample.values.get('ADMIN_PASSWORD'),
    });
    expect(sandboxStateFromEnv(containerEnv(servicesOf(compose)['ingress']!, envExample))).toBeUndefined();
  });
});

describe('.env.example', () => {
  it('documents every configuration key and works as the sandbox configuration', () => {
    expect(envExampleProblems(envExample, compose)).toEqual([]);
    const keys = [...envExample.values.keys(), ...envExample.documented.keys()];
    expect(new Set(keys.filter((k) => !COMPOSE_KEY.test(k)))).toEqual(new Set(CONFIG_KEYS));
    expect(envExample.values.get('COMPOSE_PROJECT_NAME')).toBe('auto-promote');
  });
});

describe('health checks', () => {
  const servers: StubServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const command = (service: string): string[] =>
    asArray(at(servicesOf(compose)[service], 'healthcheck', 'test')).map(String);

  it.each(['ingress', 'planner', 'dispatcher'])(
    'of %s pass on /healthz 200 and fail otherwise',
    async (role) => {
      const [kind, ...argv] = command(role);
      expect(kind).toBe('CMD');
      const healthy = await stubServer((path) => (path === '/healthz' ? 200 : 404));
      const sick = await stubServer(() => 503);
      servers.push(healthy, sick);
      expect(await runHealthcheck(argv, { PORT: String(healthy.port) })).toBe(0);
      expect(healthy.paths).toEqual(['/healthz']);
      expect(await runHealthcheck(argv, { PORT: String(sick.port) })).toBe(1);
      const closed = await stubServer(() => 200);
      await closed.close();
      expect(await runHealthcheck(argv, { PORT: String(closed.port) })).toBe(1);
    },
  );

  it('of the emulators pass only when both emulators answer', async () => {
    const [, ...argv] = command('emulators');
    const gitlab = await stubServer(() => 404);
    const jenkins = await stubServer(() => 403);
    servers.push(gitlab, jenkins);
    const env = { EMULATOR_GITLAB_PORT: String(gitlab.port), EMULATOR_JENKINS_PORT: String(jenkins.port) };
    expect(await runHealthcheck(argv, env)).toBe(0);
    await jenkins.close();
    servers.splice(servers.indexOf(jenkins), 1);
    expect(await runHealthcheck(argv, env)).toBe(1);
  });
});

// ---- each rule catches what it is for ---------------------------------------------------------------

type Mutation = (compose: JsonObject, env: EnvFile) => EnvFile | void;
const service = (c: JsonObject, name: string): JsonObject => servicesOf(c)[name]!;
const withEnv = (text: string): EnvFile => parseEnvFile(text);
const envText = readFileSync('.env.example', 'utf8');

const MUTATIONS: Array<[string, Mutation, string]> = [
  ['a version key', (c) => void (c['version'] = '3.8'), 'the obsolete version key is set'],
  [
    'a top-level name',
    (c) => void (c['name'] = 'auto-promote'),
    'top-level name (docker-compose 1.29 rejects it)',
  ],
  [
    'inline configs',
    (c) => void (c['configs'] = { state: { content: '{}' } }),
    'top-level configs (docker-compose 1.29 rejects inline content)',
  ],
  [
    'Redis without AOF',
    (c) => void (service(c, 'redis')['command'] = ['redis-server', '--maxmemory-policy', 'noeviction']),
    'redis: AOF is off',
  ],
  [
    'an evicting Redis',
    (c) => void (service(c, 'redis')['command'] = ['redis-server', '--appendonly', 'yes']),
    'redis: maxmemory-policy is not noeviction',
  ],
  [
    'Redis data in the container',
    (c) => void (service(c, 'redis')['volumes'] = []),
    'redis: /data is not a named volume',
  ],
  [
    'a service without healthcheck',
    (c) => void delete service(c, 'planner')['healthcheck'],
    'planner: no healthcheck',
  ],
  [
    'a fixed container name',
    (c) => void (service(c, 'dispatcher')['container_name'] = 'dispatcher'),
    'dispatcher: container_name prevents --scale',
  ],
  [
    'a published worker port',
    (c) => void (service(c, 'dispatcher')['ports'] = ['3000:3000']),
    'dispatcher: publishes ports',
  ],
  [
    'an unpublished ingress',
    (c) => void delete service(c, 'ingress')['ports'],
    'ingress: port 3000 is not published',
  ],
  [
    'a role not waiting for Redis',
    (c) => void delete service(c, 'planner')['depends_on'],
    'planner: does not wait for a healthy redis',
  ],
  [
    'another Redis',
    (c) => void (service(c, 'ingress')['environment'] = { REDIS_URL: 'redis://localhost:6379' }),
    'ingress: REDIS_URL is not redis://redis:6379',
  ],
  [
    'a role running another role',
    (c) => void (service(c, 'planner')['command'] = ['serve', '--role', 'all']),
    'planner: command is not serve --role planner',
  ],
  [
    'a short stop grace period',
    (c) => void (service(c, 'dispatcher')['stop_grace_period'] = '10s'),
    'dispatcher: stop_grace_period 10000ms',
  ],
  [
    'roles on different images',
    (c) => void (service(c, 'planner')['image'] = 'other:1'),
    'the roles do not share one image',
  ],
  [
    'a missing build target',
    (c) => void ((service(c, 'emulators')['build'] as JsonObject)['target'] = 'sandbox'),
    'build target sandbox is no Dockerfile stage',
  ],
  [
    'emulators outside the sandbox profile',
    (c) => void delete service(c, 'emulators')['profiles'],
    'emulators: not in the sandbox profile',
  ],
  [
    'hooks sent elsewhere',
    (c) =>
      void ((service(c, 'emulators')['environment'] as JsonObject)['EMULATOR_HOOK_URL'] =
        'http://localhost:3000/webhooks/gitlab'),
    'EMULATOR_HOOK_URL is not',
  ],
  [
    'an emulator key on a role',
    (c) => void ((service(c, 'ingress')['environment'] as JsonObject)['EMULATOR_HOST'] = '0.0.0.0'),
    'ingress: EMULATOR_HOST',
  ],
  [
    'an unknown key on a role',
    (c) => void ((service(c, 'ingress')['environment'] as JsonObject)['NODE_OPTIONS'] = '--inspect'),
    'ingress: NODE_OPTIONS is no configuration key',
  ],
  [
    'an unknown key in .env',
    () => withEnv(`${envText}\nGITLAB_HOST=x\n`),
    'ingress: GITLAB_HOST is no configuration key',
  ],
];

const ENV_MUTATIONS: Array<[string, string, string]> = [
  [
    'an undocumented key',
    envText.replace(/^# RECONCILE_INTERVAL=.*$/m, ''),
    'RECONCILE_INTERVAL is not documented',
  ],
  [
    'a wrong documented default',
    envText.replace('# DISPATCHER_CONCURRENCY=8', '# DISPATCHER_CONCURRENCY=4'),
    '# DISPATCHER_CONCURRENCY=4 is not the default',
  ],
  [
    'an unset required key',
    envText.replace(/^JENKINS_USER=.*$/m, 'JENKINS_USER='),
    'JENKINS_USER is required but not set',
  ],
  [
    'a value the service rejects',
    envText.replace('# APP_NAME_STYLE=as-is', 'APP_NAME_STYLE=camel'),
    'loadConfig: APP_NAME_STYLE',
  ],
  [
    'GitLab outside the sandbox',
    envText.replace('GITLAB_URL=http://emulators:3001', 'GITLAB_URL=http://localhost:3001'),
    'GITLAB_URL is http://localhost:3001',
  ],
  [
    'another project',
    envText.replace('GITLAB_PROJECT=p2c/k8s-deployments', 'GITLAB_PROJECT=42'),
    'GITLAB_PROJECT is not p2c/k8s-deployments',
  ],
  [
    'no project name',
    envText.replace(/^COMPOSE_PROJECT_NAME=.*$/m, ''),
    'COMPOSE_PROJECT_NAME is not auto-promote',
  ],
  ['a key that does not exist', `${envText}\n# NOT_A_KEY=1\n`, 'NOT_A_KEY is no configuration key'],
];

describe('the rules', () => {
  it.each(MUTATIONS)('catch %s', (_name, mutate, expected) => {
    const c = structuredClone(compose);
    expect(composeProblems(c, envExample, stages)).toEqual([]);
    const env = mutate(c, envExample) ?? envExample;
    expect(composeProblems(c, env, stages).join('\n')).toContain(expected);
  });

  it.each(ENV_MUTATIONS)('catch %s in .env.example', (_name, text, expected) => {
    expect(envExampleProblems(parseEnvFile(text), compose).join('\n')).toContain(expected);
  });
});
