/** URL helpers; `base` is the emulator's root URL without a trailing slash. */

export function jobPath(fullName: string): string {
  if (fullName === '') return '/';
  return `/${fullName
    .split('/')
    .map((s) => `job/${encodeURIComponent(s)}/`)
    .join('')}`;
}

export function jobUrl(base: string, fullName: string): string {
  return `${base}${jobPath(fullName)}`;
}

export function buildUrl(base: string, fullName: string, number: number): string {
  return `${jobUrl(base, fullName)}${number}/`;
}

export function queueItemUrl(base: string, id: number): string {
  return `${base}/queue/item/${id}/`;
}

/**
 * Splits `/job/a/job/b/rest...` into the item's full name ("a/b") and the remaining segments.
 * Returns undefined when the path does not start with a /job/<name> pair.
 */
export function parseJobPath(path: string): { fullName: string; rest: string[] } | undefined {
  const segments = path.split('/').filter((s) => s !== '');
  const names: string[] = [];
  let i = 0;
  while (segments[i] === 'job' && segments[i + 1] !== undefined) {
    try {
      names.push(decodeURIComponent(segments[i + 1] ?? ''));
    } catch {
      return undefined;
    }
    i += 2;
  }
  if (names.length === 0) return undefined;
  return { fullName: names.join('/'), rest: segments.slice(i) };
}
