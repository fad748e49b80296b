// Runs one bundled entry point (dist/apps/<app>/main.js), building the bundles first on a fresh clone.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** @param {'cli' | 'sandbox'} app */
export async function runBundle(app) {
  const entry = join(root, 'dist', 'apps', app, 'main.js');
  if (!existsSync(entry)) {
    execFileSync(process.execPath, [join(root, 'tools', 'build.mjs')], { stdio: 'inherit' });
  }
  await import(pathToFileURL(entry).href);
}
