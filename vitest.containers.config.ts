import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * `npm run test:containers`: the real images and the compose stack on a Docker engine (test/containers). The
 * global setup installs and starts what is missing, builds the base images offline and the image's targets once;
 * the files then run one at a time against them.
 */
export default defineConfig({
  plugins: base.plugins,
  resolve: base.resolve,
  test: {
    include: ['test/containers/**/*.test.ts'],
    globalSetup: ['test/containers/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 420_000,
    pool: 'forks',
  },
});
