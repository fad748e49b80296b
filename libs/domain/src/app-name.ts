/** The contract's safe single path segment: a letter or digit, then up to 62 of `A-Za-z0-9._-`. */
export const SAFE_APP_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** How a manifests directory name becomes APP_NAME: unchanged, or kebab-case (`exampleApp` → `example-app`). */
export type AppNameStyle = 'as-is' | 'kebab';

/** Why `name` is not a safe app name, or null when it is (see `isSafeAppName`). */
export function appNameProblem(name: string): string | null {
  if (name.length === 0) return 'is empty';
  if (name.length > 63) return 'is longer than 63 characters';
  if (name.includes('..')) return "contains '..'";
  if (!/^[A-Za-z0-9]/.test(name)) return 'does not start with a letter or digit';
  if (!SAFE_APP_NAME_RE.test(name)) return 'contains characters other than A-Z a-z 0-9 . _ -';
  return null;
}

/**
 * True when `name` is a safe single path segment (`^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$` and no `..`). Git allows far
 * more; anything else is never promoted, because the name ends up in Jenkins parameters, paths and URLs.
 */
export function isSafeAppName(name: string): boolean {
  return appNameProblem(name) === null;
}

/**
 * Kebab-case: `exampleApp`/`ExampleApp`/`example_app` → `example-app`, `HTTPServer` → `http-server`,
 * `myApp2` → `my-app2`. Dots are kept; runs of `-`/`_`/spaces become one `-`; idempotent.
 */
export function toKebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2') // camel hump: exampleApp → example-App
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2') // acronym before a word: HTTPServer → HTTP-Server
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The APP_NAME sent to Jenkins for a manifests directory, following APP_NAME_STYLE. */
export function toAppName(dir: string, style: AppNameStyle): string {
  return style === 'kebab' ? toKebabCase(dir) : dir;
}
