import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { BASE_IMAGE, EMULATORS_STAGE, dockerfileProblems } from './support/dockerfile-rules';
import { healthcheckCommand, instructionsOf, parseDockerfile, type Dockerfile } from './support/dockerfile';
import { runHealthcheck, stubServer, type StubServer } from './support/run-command';

// The Dockerfile (no Docker engine needed): its structure follows the project rules, its health checks
// work, and .dockerignore keeps the context small and free of secrets. The last part shows that each rule
// fails when its rule is broken.

const TEXT = readFileSync('Dockerfile', 'utf8');
const dockerfile = parseDockerfile(TEXT);
const ignore = readFileSync('.dockerignore', 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));
const stage = (name: string) => dockerfile.stages.find((s) => s.name === name)!;

describe('Dockerfile', () => {
  it('follows the project rules', () => {
    expect(dockerfileProblems(dockerfile)).toEqual([]);
  });

  it('builds every stage on the pinned base and names the targets compose and the docs use', () => {
    expect(dockerfile.args.get('NODE_IMAGE')).toBe(BASE_IMAGE);
    expect(dockerfile.stages.map((s) => s.name)).toEqual([
      'deps',
      'build',
      'prod-deps',
      'service',
      EMULATORS_STAGE,
      'runtime',
    ]);
  });

  it('copies only what exists and what .dockerignore lets into the context', () => {
    for (const instruction of instructionsOf(TEXT).filter(
      (i) => i.keyword === 'COPY' && !i.args.includes('--from='),
    )) {
      const sources = instruction.args
        .split(/\s+/)
        .filter((a) => !a.startsWith('--'))
        .slice(0, -1);
      for (const source of sources) {
        expect(existsSync(source), source).toBe(true);
        expect(ignore, source).not.toContain(source);
      }
    }
  });

  describe('health checks', () => {
    const servers: StubServer[] = [];
    afterEach(async () => {
      await Promise.all(servers.splice(0).map((s) => s.close()));
    });

    it('of the service image pass on /healthz 200 at PORT and fail otherwise', async () => {
      const argv = healthcheckCommand(stage('runtime'))!;
      const healthy = await stubServer((path) => (path === '/healthz' ? 200 : 404));
      const sick = await stubServer(() => 500);
      servers.push(healthy, sick);
      expect(await runHealthcheck(argv, { PORT: String(healthy.port) })).toBe(0);
      expect(healthy.paths).toEqual(['/healthz']);
      expect(await runHealthcheck(argv, { PORT: String(sick.port) })).toBe(1);
    });

    it('of the emulators image pass only when both emulators answer', async () => {
      const argv = healthcheckCommand(stage(EMULATORS_STAGE))!;
      const gitlab = await stubServer(() => 401);
      servers.push(gitlab);
      const closed = await stubServer(() => 200);
      await closed.close();
      const env = { EMULATOR_GITLAB_PORT: String(gitlab.port), EMULATOR_JENKINS_PORT: String(closed.port) };
      expect(await runHealthcheck(argv, env)).toBe(1);
      const jenkins = await stubServer(() => 403);
      servers.push(jenkins);
      expect(await runHealthcheck(argv, { ...env, EMULATOR_JENKINS_PORT: String(jenkins.port) })).toBe(0);
    });
  });
});

describe('.dockerignore', () => {
  it('keeps dependencies, builds, repository state, logs and secrets out of the context', () => {
    for (const pattern of [
      'node_modules',
      'dist',
      '.git',
      '.nx',
      'coverage',
      'test-results',
      '*.log',
      '.env',
      '.env.*',
    ])
      expect(ignore, pattern).toContain(pattern);
    expect(ignore).toContain('!.env.example');
  });

  it('lets in what the build needs', () => {
    for (const needed of [
      'package.json',
      'package-lock.json',
      'apps',
      'libs',
      'tools',
      'bin',
      'nx.json',
      'tsconfig.json',
      'tsconfig.base.json',
    ])
      expect(ignore, needed).not.toContain(needed);
  });
});

// ---- each rule catches what it is for ---------------------------------------------------------------

const MUTATIONS: Array<[string, (text: string) => string, string]> = [
  ['a single stage', () => 'FROM node:20-bookworm-slim\nUSER node\n', 'not a multi-stage build'],
  [
    'another base image',
    (t) => t.replace('ARG NODE_IMAGE=node:20-bookworm-slim', 'ARG NODE_IMAGE=node:20'),
    'expected node:20-bookworm-slim',
  ],
  [
    'npm install instead of npm ci',
    (t) => t.replace('RUN npm ci --no-audit --no-fund', 'RUN npm install'),
    'the build does not install with npm ci',
  ],
  [
    'dev dependencies in the image',
    (t) => t.replace('COPY --from=prod-deps /app/node_modules', 'COPY --from=build /app/node_modules'),
    'node_modules of the default target do not come from npm ci/prune --omit=dev',
  ],
  [
    'building in the final image',
    (t) => t.replace('COPY --from=build /app/dist/apps/cli ./dist/apps/cli', 'RUN npm ci && npm run build'),
    'the default target installs dev dependencies or builds',
  ],
  [
    'the emulators in the service image',
    (t) =>
      t.replace(
        'COPY --from=build /app/dist/apps/cli ./dist/apps/cli',
        'COPY --from=build /app/dist/apps ./dist/apps\nCOPY --from=build /app/dist/apps/sandbox ./dist/apps/sandbox',
      ),
    'the default target copies the sandbox bundle (emulators)',
  ],
  [
    'an emulators image without the sandbox bundle',
    (t) => t.replace(/^COPY --from=build \/app\/dist\/apps\/sandbox [^\n]*\n/m, ''),
    'emulators: does not copy the sandbox bundle',
  ],
  [
    'a root image',
    (t) => t.replace(/^USER node\nEXPOSE 3000$/m, 'EXPOSE 3000'),
    'runtime: runs as root (no USER)',
  ],
  [
    'an emulators image left as root',
    (t) => t.replace(/(COPY --from=build \/app\/dist\/apps\/sandbox [^\n]*\n)USER node\n/, '$1'),
    'emulators: runs as root',
  ],
  [
    'no HEALTHCHECK',
    (t) => t.replace(/^HEALTHCHECK --interval=15s[^\n]*\\\n[^\n]*\n/m, ''),
    'no /healthz HEALTHCHECK',
  ],
  [
    'another entrypoint',
    (t) =>
      t.replace('ENTRYPOINT ["node", "dist/apps/cli/main.js"]', 'ENTRYPOINT ["node", "bin/auto-promote.js"]'),
    'ENTRYPOINT is not',
  ],
  [
    'another default role',
    (t) => t.replace('CMD ["serve", "--role", "ingress"]', 'CMD ["serve", "--role", "all"]'),
    'the default CMD is not',
  ],
  ['no EXPOSE', (t) => t.replace(/^EXPOSE 3000$/m, ''), 'port 3000 is not exposed'],
  [
    'no NODE_ENV',
    (t) => t.replace('NODE_ENV=production', 'NODE_ENV=development'),
    'NODE_ENV is not production',
  ],
  [
    'an unknown ENV key',
    (t) => t.replace('HOST=0.0.0.0', 'HOST=0.0.0.0 GITLAB_HOST=gitlab'),
    'ENV GITLAB_HOST is no configuration key',
  ],
  [
    'no heap limit',
    (t) => t.replace(/--max-old-space-size=\d+ ?/, ''),
    'NODE_OPTIONS does not cap the V8 heap',
  ],
  [
    'emulators without git',
    (t) => t.replace('--no-install-recommends git', '--no-install-recommends curl'),
    'emulators: git is not installed',
  ],
  ['no package.json', (t) => t.replace(/^COPY package\.json \.\/$/m, ''), 'lacks package.json'],
];

describe('the rules', () => {
  it.each(MUTATIONS)('catch %s', (_name, mutate, expected) => {
    const text = mutate(TEXT);
    expect(text).not.toBe(TEXT);
    const mutated: Dockerfile = parseDockerfile(text);
    expect(dockerfileProblems(mutated).join('\n')).toContain(expected);
  });
});
