import type { GitLabEmulator, JenkinsEmulator } from '@auto-promote/emulators';

/** Calls made to an emulator between two points of a scenario, by kind. */
export interface CallCount {
  total: number;
  byKind: Record<string, number>;
}

function count(kinds: string[]): CallCount {
  const byKind: Record<string, number> = {};
  for (const kind of kinds) byKind[kind] = (byKind[kind] ?? 0) + 1;
  return { total: kinds.length, byKind };
}

/**
 * GitLab API calls by route ("GET /projects/:id/repository/compare"), from the `from`-th request on: the
 * reads (planner, board) and the writes (commit statuses and notes of GITLAB_FEEDBACK) apart.
 */
export function gitlabCalls(gitlab: GitLabEmulator, from = 0): { reads: CallCount; writes: CallCount } {
  const routes = gitlab.requests.slice(from).map((r) => r.route);
  return {
    reads: count(routes.filter((route) => route.startsWith('GET '))),
    writes: count(routes.filter((route) => !route.startsWith('GET '))),
  };
}

/** What a Jenkins API path is for. */
export function jenkinsKind(path: string): string {
  if (/\/(buildWithParameters|build)$/.test(path)) return 'trigger';
  if (path.startsWith('/queue/item/')) return 'queue item';
  if (path.startsWith('/crumbIssuer')) return 'crumb';
  if (/\/job\/.+\/\d+\/api\//.test(path)) return 'build status';
  if (/\/job\/.+\/api\//.test(path)) return 'job / builds list';
  return path;
}

/** Jenkins API calls by kind, from the `from`-th request on. */
export function jenkinsCalls(jenkins: JenkinsEmulator, from = 0): CallCount {
  return count(jenkins.requests.slice(from).map((r) => jenkinsKind(r.path)));
}

/** "compare 1, get branch 1, get file 3" — short route names for notes. */
export function describeCalls(calls: CallCount, per: number): string {
  return Object.entries(calls.byKind)
    .map(
      ([kind, n]) => `${kind.replace(/^GET \/projects\/:id\/(repository\/)?/, '')} ${+(n / per).toFixed(2)}`,
    )
    .join(', ');
}

/**
 * Waits until the GitLab emulator has had no request for `quietMs` (at most `timeoutMs`): a freshly started
 * planner reconciles and observes the environments first, and those calls belong to no push.
 */
export async function gitlabQuiet(
  gitlab: GitLabEmulator,
  quietMs = 1_000,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = gitlab.requests.length;
  let since = Date.now();
  while (Date.now() - since < quietMs && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (gitlab.requests.length !== seen) {
      seen = gitlab.requests.length;
      since = Date.now();
    }
  }
}
