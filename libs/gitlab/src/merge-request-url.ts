/** What a merge request answer may carry that locates it; `web_url` is missing from some versions' answers. */
export interface MergeRequestLocation {
  iid: number;
  web_url?: unknown;
  references?: { full?: unknown } | null;
}

/**
 * The merge request's page: GitLab's `web_url`, else built from `references.full` ("group/project!12") or
 * from the project's path; null only when the project is known by numeric id alone.
 */
export function mergeRequestWebUrl(
  mr: MergeRequestLocation,
  gitlabUrl: string,
  project: string | number,
): string | null {
  if (typeof mr.web_url === 'string' && mr.web_url !== '') return mr.web_url;
  const base = gitlabUrl.replace(/\/+$/, '');
  const full = mr.references?.full;
  const path = typeof full === 'string' && full.includes('!') ? full.slice(0, full.lastIndexOf('!')) : null;
  const projectPath = path ?? (typeof project === 'string' && !/^\d+$/.test(project) ? project : null);
  return projectPath === null ? null : `${base}/${projectPath}/-/merge_requests/${mr.iid}`;
}
