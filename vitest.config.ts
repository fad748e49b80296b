import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Every library under libs/ (the service) and testing/ (emulators, sandbox), by its @auto-promote/<name> alias. */
const alias = Object.fromEntries(
  ['libs', 'testing'].flatMap((tree) => {
    const dir = fileURLToPath(new URL(`./${tree}`, import.meta.url));
    return readdirSync(dir).map((name) => [`@auto-promote/${name}`, `${dir}/${name}/src/index.ts`]);
  }),
);

/** Redis Lua scripts are imported as text, as the build bundles them (esbuild's text loader). */
const luaAsText = {
  name: 'lua-as-text',
  transform(code: string, id: string) {
    return id.endsWith('.lua') ? { code: `export default ${JSON.stringify(code)};`, map: null } : null;
  },
};

export default defineConfig({
  plugins: [luaAsText],
  resolve: { alias },
  test: {
    include: ['test/**/*.test.ts'],
    // The fault-injection and container suites run on their own: npm run test:faults, npm run test:containers.
    exclude: ['test/faults/**', 'test/containers/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
