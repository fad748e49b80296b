// Bundles one app (or all of them) into dist/apps/<app>/main.js. Workspace libraries are bundled in;
// npm packages stay external and are loaded from node_modules at run time.
import { build } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const requested = process.argv.slice(2);
const apps = requested.length
  ? requested
  : readdirSync(join(root, 'apps')).filter((name) => existsSync(join(root, 'apps', name, 'src', 'main.ts')));

for (const app of apps) {
  await build({
    entryPoints: [join(root, 'apps', app, 'src', 'main.ts')],
    outfile: join(root, 'dist', 'apps', app, 'main.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: true,
    tsconfig: join(root, 'tsconfig.json'),
    // Redis Lua scripts (libs/redis/src/commands) are bundled as text.
    loader: { '.lua': 'text' },
    logLevel: 'warning',
  });
}
