import { InvalidAppsDirError } from './errors/invalid-apps-dir-error';

/** The documented APPS_DIR default: an app is the first path segment under `manifests/`. */
export const DEFAULT_APPS_DIR = 'manifests';

/**
 * Normalises APPS_DIR to `a/b` form: trims whitespace, a leading `./` and leading/trailing slashes, collapses
 * `//`. Throws `InvalidAppsDirError` for an empty value or `.`/`..` components, which would escape or blur
 * the directory.
 */
export function normalizeAppsDir(appsDir: string): string {
  const segments = appsDir
    .trim()
    .replace(/^\.\/+/, '')
    .split('/')
    .filter((s) => s !== '');
  if (segments.length === 0) {
    throw new InvalidAppsDirError('APPS_DIR must name a directory such as manifests', appsDir);
  }
  if (segments.some((s) => s === '.' || s === '..')) {
    throw new InvalidAppsDirError(`APPS_DIR '${appsDir}' must not contain '.' or '..' components`, appsDir);
  }
  return segments.join('/');
}
