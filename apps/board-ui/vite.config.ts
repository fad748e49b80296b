import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The promotion board: static files in dist/board, served by the ingress under /board/. */
export default defineConfig({
  root,
  base: './',
  // The page's one workspace library: the board's JSON contract (types and linkKey, no server code).
  resolve: {
    alias: {
      '@auto-promote/board-view': fileURLToPath(
        new URL('../../libs/board-view/src/index.ts', import.meta.url),
      ),
    },
  },
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/board', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // The page's CSP allows no inline script: no modulepreload polyfill.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: true,
  },
});
