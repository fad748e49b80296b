import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `vite build` of apps/board-ui writes the page, relative to the repository (or image) root. */
export const BOARD_ASSETS_PATH = join('dist', 'board');

/**
 * The directory holding the built board (`index.html` and `assets/`), or null when it was not built.
 * Looked for under the working directory and above this module: the bundle in `dist/apps/cli` (npm start,
 * containers) and the sources in `libs/board/src` (tests) both find `<root>/dist/board`.
 */
export function locateBoardAssets(start: string = dirname(fileURLToPath(import.meta.url))): string | null {
  const candidates = [resolve(process.cwd(), BOARD_ASSETS_PATH)];
  for (let dir = start, i = 0; i < 8; i += 1) {
    candidates.push(join(dir, BOARD_ASSETS_PATH));
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}
