import { PROJECT_PATH } from './bench-env';

/** Placeholder for the pushed sha in a body template (as long as a sha); replaced per request. */
export const AFTER_PLACEHOLDER = 'X'.repeat(40);

export interface PushBodyOptions {
  before: string;
  after: string;
  branch?: string;
  projectId?: number;
  /** Apps whose manifests the push changed (one commit per app in the body). */
  apps?: readonly string[];
  /** Pad the last commit message so the JSON body is exactly this many bytes. */
  sizeBytes?: number;
}

function commit(id: string, index: number, app: string) {
  return {
    id,
    message: `Update ${app} to 1.0.${index}-SNAPSHOT\n\nBumped by app CI pipeline #${10_000 + index}.\n`,
    title: `Update ${app} to 1.0.${index}-SNAPSHOT`,
    timestamp: '2026-11-26T10:00:00+00:00',
    url: `https://gitlab.example.com/${PROJECT_PATH}/-/commit/${id}`,
    author: { name: 'App CI', email: 'ci@example.com' },
    added: [],
    modified: [`manifests/${app}/${app}.yaml`, `manifests/${app}/kustomization.yaml`],
    removed: [],
  };
}

/**
 * A GitLab Push Hook body in the shape GitLab sends (project, repository, commits), the kind of body
 * the ingress sees in production; padded to `sizeBytes` (4 KB in the throughput runs).
 */
export function pushBody(options: PushBodyOptions): string {
  const branch = options.branch ?? 'dev';
  const projectId = options.projectId ?? 1;
  const apps = options.apps ?? ['exampleApp'];
  const webUrl = `https://gitlab.example.com/${PROJECT_PATH}`;
  const body = {
    object_kind: 'push',
    event_name: 'push',
    before: options.before,
    after: options.after,
    ref: `refs/heads/${branch}`,
    ref_protected: true,
    checkout_sha: options.after,
    message: null,
    user_id: 42,
    user_name: 'App CI',
    user_username: 'app-ci',
    user_email: '',
    user_avatar: 'https://gitlab.example.com/uploads/-/system/user/avatar/42/avatar.png',
    project_id: projectId,
    project: {
      id: projectId,
      name: 'k8s-deployments',
      description: 'GitOps deployments repository',
      web_url: webUrl,
      avatar_url: null,
      git_ssh_url: `git@gitlab.example.com:${PROJECT_PATH}.git`,
      git_http_url: `${webUrl}.git`,
      namespace: 'p2c',
      visibility_level: 0,
      path_with_namespace: PROJECT_PATH,
      default_branch: 'main',
      ci_config_path: null,
      homepage: webUrl,
      url: `git@gitlab.example.com:${PROJECT_PATH}.git`,
      ssh_url: `git@gitlab.example.com:${PROJECT_PATH}.git`,
      http_url: `${webUrl}.git`,
    },
    commits: apps.map((app, i) =>
      commit(
        i === apps.length - 1 ? options.after : `${'c'.repeat(32)}${String(i).padStart(8, '0')}`,
        i,
        app,
      ),
    ),
    total_commits_count: apps.length,
    push_options: {},
    repository: {
      name: 'k8s-deployments',
      url: `git@gitlab.example.com:${PROJECT_PATH}.git`,
      description: 'GitOps deployments repository',
      homepage: webUrl,
      git_http_url: `${webUrl}.git`,
      git_ssh_url: `git@gitlab.example.com:${PROJECT_PATH}.git`,
      visibility_level: 0,
    },
  };
  const json = JSON.stringify(body);
  const missing = (options.sizeBytes ?? 0) - Buffer.byteLength(json);
  if (missing <= 0) return json;
  const last = body.commits[body.commits.length - 1];
  if (last) last.message += '.'.repeat(missing);
  return JSON.stringify(body);
}

/** A 40-hex sha unique to (run, n): the first 8 characters name the run. */
export function uniqueSha(runId: string, n: number): string {
  return `${runId}${n.toString(16).padStart(32, '0')}`.slice(0, 40);
}
