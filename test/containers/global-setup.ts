import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureEngine } from './support/engine';
import { log, run, runSync } from './support/exec';
import { SERVICE_IMAGE, EMULATORS_IMAGE, composeArgs, type StackInfo } from './support/stack';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackInfo | { skip: string };
  }
}

const ROOT = resolve(import.meta.dirname, '../..');
const STEP_TIMEOUT = { base: 600_000, build: 600_000 };

/**
 * `npm run test:containers`: a Docker engine (installed and started when missing), the offline base images, and
 * the image's service and emulators targets built once from the working tree for every test file; afterwards the
 * compose project, its volumes and the built images are removed, also on SIGINT/SIGTERM.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const engine = await ensureEngine();
  if (!engine.ok) {
    log(`SKIPPED: no Docker engine can be started here (${engine.reason})`);
    project.provide('stack', { skip: engine.reason });
    return async () => {};
  }
  const name = `apct${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'auto-promote-containers-'));
  const env = readFileSync(join(ROOT, '.env.example'), 'utf8').replace(
    /^COMPOSE_PROJECT_NAME=.*$/m,
    `COMPOSE_PROJECT_NAME=${name}`,
  );
  writeFileSync(join(dir, '.env'), env, { mode: 0o600 });
  const info: StackInfo = { root: ROOT, dir, project: name };
  // The build's other stages (deps, build, prod-deps) stay as dangling images: removed afterwards, but only ours.
  const dangling = async (): Promise<string[]> =>
    (
      await run('docker', ['images', '-q', '--no-trunc', '-f', 'dangling=true'], { allowFailure: true })
    ).stdout
      .split('\n')
      .filter((l) => l !== '');
  const danglingBefore = new Set(await dangling());

  const teardownSync = (): void => {
    runSync('docker-compose', composeArgs(info, ['down', '--volumes', '--remove-orphans', '--timeout', '5']));
    runSync('docker', ['rmi', '-f', SERVICE_IMAGE, EMULATORS_IMAGE]);
    const ours = runSync('docker', ['images', '-q', '--no-trunc', '-f', 'dangling=true'])
      .split('\n')
      .filter((id) => id !== '' && !danglingBefore.has(id));
    if (ours.length > 0) runSync('docker', ['rmi', '-f', ...ours]);
    rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    log(`${signal}: tearing down ${name}`);
    teardownSync();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    let started = Date.now();
    await run('bash', [join(ROOT, 'tools/offline-base-images.sh')], { timeoutMs: STEP_TIMEOUT.base });
    log(`base images ready in ${Math.round((Date.now() - started) / 1000)}s`);
    started = Date.now();
    // The classic builder: no BuildKit frontend image to pull; emulators builds every stage, service reuses them.
    const build = { env: { ...process.env, DOCKER_BUILDKIT: '0' }, timeoutMs: STEP_TIMEOUT.build, cwd: ROOT };
    await run('docker', ['build', '-q', '--target', 'emulators', '-t', EMULATORS_IMAGE, '.'], build);
    await run('docker', ['build', '-q', '--target', 'service', '-t', SERVICE_IMAGE, '.'], build);
    log(`images built in ${Math.round((Date.now() - started) / 1000)}s`);
  } catch (error) {
    teardownSync();
    throw error;
  }
  project.provide('stack', info);
  return async () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await run(
      'docker-compose',
      composeArgs(info, ['down', '--volumes', '--remove-orphans', '--timeout', '5']),
      {
        timeoutMs: 120_000,
        allowFailure: true,
      },
    );
    await run('docker', ['rmi', '-f', SERVICE_IMAGE, EMULATORS_IMAGE], { allowFailure: true });
    const ours = (await dangling()).filter((id) => !danglingBefore.has(id));
    if (ours.length > 0)
      await run('docker', ['rmi', '-f', ...ours], { allowFailure: true, timeoutMs: 120_000 });
    rmSync(dir, { recursive: true, force: true });
    log(`torn down ${name}`);
  };
}
