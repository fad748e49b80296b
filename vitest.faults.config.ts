import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/** `npm run test:faults`: the fault-injection scenarios, one at a time (they measure time and load). */
export default defineConfig({
  plugins: base.plugins,
  resolve: base.resolve,
  test: {
    include: ['test/faults/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 60_000,
  },
});
