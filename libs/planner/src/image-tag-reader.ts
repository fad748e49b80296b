import { extractImageTag } from '@auto-promote/domain';
import type { ChangedPath, GitLabClient } from '@auto-promote/gitlab';

const YAML = /\.ya?ml$/i;
/** Bounds the files read for one app when its changed files carry no image. */
const MAX_FILES_PER_APP = 20;

export type ImageTagLookup =
  { kind: 'found'; tag: string; image: string } | { kind: 'none' } | { kind: 'app-removed' };

/**
 * The image tag of an app at a commit. Reads the app's changed manifests first — usually one file,
 * so a push costs one GitLab call per app — and lists the app's directory only when those carry no image.
 */
export async function readImageTag(
  gitlab: GitLabClient,
  project: string | number,
  appsDir: string,
  app: string,
  ref: string,
  changes: readonly ChangedPath[],
): Promise<ImageTagLookup> {
  const dir = `${appsDir}/${app}/`;
  const changed = changes
    .filter((c) => !c.deleted && c.newPath.startsWith(dir) && YAML.test(c.newPath))
    .map((c) => c.newPath);
  // Files named after the app most likely hold its Deployment. When no changed manifest of the app is
  // known (GitLab truncated the compare, or only other files changed), the generated layout's
  // `<app>/<app>.yaml` is tried before the directory is listed: one call instead of a dozen.
  const ranked =
    changed.length === 0
      ? [`${dir}${app}.yaml`]
      : [...new Set(changed)].sort(
          (a, b) =>
            Number(!a.toLowerCase().includes(app.toLowerCase())) -
            Number(!b.toLowerCase().includes(app.toLowerCase())),
        );
  const read = new Set<string>();
  for (const path of ranked.slice(0, 3)) {
    read.add(path);
    const content = await gitlab.rawFile(project, path, ref);
    if (content === null) continue;
    const found = extractImageTag([{ path, content }], app);
    if (found) return { kind: 'found', ...found };
  }
  const tree = await gitlab.tree(project, `${appsDir}/${app}`, ref, true);
  if (tree === null || tree.length === 0) return { kind: 'app-removed' };
  const rest = tree
    .filter((e) => e.type === 'blob' && YAML.test(e.path) && !read.has(e.path))
    .slice(0, MAX_FILES_PER_APP);
  const manifests: Array<{ path: string; content: string }> = [];
  for (const entry of rest) {
    const content = await gitlab.rawFile(project, entry.path, ref);
    if (content !== null) manifests.push({ path: entry.path, content });
  }
  const found = extractImageTag(manifests, app);
  return found ? { kind: 'found', ...found } : { kind: 'none' };
}
