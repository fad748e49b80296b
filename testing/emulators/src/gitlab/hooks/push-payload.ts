import { gitDateIso } from '../model/time';
import {
  VISIBILITY_LEVEL,
  ZERO_SHA,
  type CommitFileSummary,
  type CommitInfo,
  type GitLabUser,
  type ProjectDescriptor,
  type RefUpdate,
} from '../model/types';

/** The Push Hook body exactly as GitLab builds it (Gitlab::DataBuilder::Push). Pure: all git reads happen before. */

/** GitLab puts only the newest 20 commits in a push hook; total_commits_count keeps the real number. */
export const PUSH_HOOK_COMMIT_LIMIT = 20;

export interface PushHookCommit {
  id: string;
  message: string;
  title: string;
  timestamp: string;
  url: string;
  author: { name: string; email: string };
  added: string[];
  modified: string[];
  removed: string[];
}

export interface PushHookProject {
  id: number;
  name: string;
  description: string;
  web_url: string;
  avatar_url: string | null;
  git_ssh_url: string;
  git_http_url: string;
  namespace: string;
  visibility_level: number;
  path_with_namespace: string;
  default_branch: string;
  ci_config_path: string | null;
  homepage: string;
  url: string;
  ssh_url: string;
  http_url: string;
}

export interface PushHookPayload {
  object_kind: 'push';
  event_name: 'push';
  before: string;
  after: string;
  ref: string;
  ref_protected: boolean;
  checkout_sha: string | null;
  message: string | null;
  user_id: number;
  user_name: string;
  user_username: string;
  user_email: string;
  user_avatar: string;
  project_id: number;
  project: PushHookProject;
  commits: PushHookCommit[];
  total_commits_count: number;
  push_options: Record<string, never>;
  repository: {
    name: string;
    url: string;
    description: string;
    homepage: string;
    git_http_url: string;
    git_ssh_url: string;
    visibility_level: number;
  };
}

export interface PushedCommit {
  info: CommitInfo;
  files: CommitFileSummary;
}

export interface PushPayloadInput {
  update: RefUpdate;
  project: ProjectDescriptor;
  user: GitLabUser;
  refProtected: boolean;
  /** Commits of the push, oldest first; only the newest PUSH_HOOK_COMMIT_LIMIT are kept. */
  commits: readonly PushedCommit[];
  totalCommitsCount: number;
}

export function commitTitle(message: string): string {
  return message.split('\n')[0] ?? '';
}

function hookCommit(commit: PushedCommit, project: ProjectDescriptor): PushHookCommit {
  const { info, files } = commit;
  return {
    id: info.id,
    message: info.message,
    title: commitTitle(info.message),
    timestamp: gitDateIso(info.authorDate, false),
    url: `${project.webUrl}/-/commit/${info.id}`,
    author: { name: info.authorName, email: info.authorEmail },
    added: [...files.added],
    modified: [...files.modified],
    removed: [...files.removed],
  };
}

export function hookProject(project: ProjectDescriptor): PushHookProject {
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    web_url: project.webUrl,
    avatar_url: null,
    git_ssh_url: project.sshUrl,
    git_http_url: project.httpUrl,
    namespace: project.namespaceName,
    visibility_level: VISIBILITY_LEVEL[project.visibility],
    path_with_namespace: project.pathWithNamespace,
    default_branch: project.defaultBranch,
    ci_config_path: null,
    homepage: project.webUrl,
    url: project.sshUrl,
    ssh_url: project.sshUrl,
    http_url: project.httpUrl,
  };
}

export function buildPushPayload(input: PushPayloadInput): PushHookPayload {
  const { update, project, user } = input;
  const deleted = update.after === ZERO_SHA;
  const commits = deleted ? [] : input.commits.slice(-PUSH_HOOK_COMMIT_LIMIT);
  return {
    object_kind: 'push',
    event_name: 'push',
    before: update.before,
    after: update.after,
    ref: `refs/heads/${update.branch}`,
    ref_protected: input.refProtected,
    checkout_sha: deleted ? null : update.after,
    message: null,
    user_id: user.id,
    user_name: user.name,
    user_username: user.username,
    user_email: user.email,
    user_avatar: user.avatarUrl,
    project_id: project.id,
    project: hookProject(project),
    commits: commits.map((commit) => hookCommit(commit, project)),
    total_commits_count: deleted ? 0 : input.totalCommitsCount,
    push_options: {},
    repository: {
      name: project.name,
      url: project.sshUrl,
      description: project.description,
      homepage: project.webUrl,
      git_http_url: project.httpUrl,
      git_ssh_url: project.sshUrl,
      visibility_level: VISIBILITY_LEVEL[project.visibility],
    },
  };
}
