import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const libsDir = fileURLToPath(new URL('./libs', import.meta.url));
const alias = Object.fromEntries(
  readdirSync(libsDir).map((name) => [`@auto-promote/${name}`, `${libsDir}/${name}/src/index.ts`]),
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
    // The fault-injection suite runs on its own: npm run test:faults.
    exclude: ['test/faults/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
