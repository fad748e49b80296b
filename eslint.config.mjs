import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/**
 * Library layers, lowest first. A project of a layer may import projects of lower layers only: domain
 * (pure rules) < util (config, observability) < adapter (GitLab, Jenkins, Redis: keys, scripts, connections)
 * < data (records and queues)
 * < feature (ingress, planner, dispatcher, board, operations — never each other) < runtime (composition)
 * < app (entry points; testing/sandbox is an application shipped as a library, so tooling apps may import it).
 */
const LAYERS = ['domain', 'util', 'adapter', 'data', 'feature', 'runtime', 'app'];

const layerConstraints = LAYERS.map((layer, i) => ({
  sourceTag: `type:${layer}`,
  onlyDependOnLibsWithTags: [...LAYERS.slice(0, i), ...(layer === 'app' ? ['app'] : [])].map(
    (l) => `type:${l}`,
  ),
}));

/**
 * Nothing of the service — library or entry point — imports tooling (emulators, sandbox: testing/), so no
 * emulator code reaches the service's bundles or image; the sandbox's own entry point (apps/sandbox) is tooling.
 */
const scopeConstraints = LAYERS.map((layer) => ({
  allSourceTags: ['scope:service', `type:${layer}`],
  notDependOnLibsWithTags: ['scope:tooling'],
}));

const moduleBoundaries = { depConstraints: [...layerConstraints, ...scopeConstraints] };

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.nx/**',
      'coverage/**',
      'bin/**',
      'bench/tmp/**',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      // One TypeScript program per tsconfig.json, as the editor has them (apps/board-ui has its own).
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@auto-promote/*/*'], message: 'Import a library through its index only.' }] },
      ],
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries],
    },
  },
  {
    files: ['test/**/*.ts'],
    // vitest types its asymmetric matchers (expect.any, expect.stringMatching, …) as any.
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
