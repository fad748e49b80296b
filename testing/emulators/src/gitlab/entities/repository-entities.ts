import { commitTitle } from '../hooks/push-payload';
import { gitDateIso } from '../model/time';
import type { CommitInfo, DiffEntry, GitLabUser, ProjectDescriptor } from '../model/types';

/** JSON shapes of GitLab's REST entities for repository data (API::Entities::*). Pure functions. */

export function userBasicEntity(user: GitLabUser, instanceUrl: string) {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    state: 'active',
    locked: false,
    avatar_url: user.avatarUrl,
    web_url: `${instanceUrl}/${user.username}`,
  };
}

/** API::Entities::Commit. */
export function commitEntity(info: CommitInfo, project: ProjectDescriptor) {
  return {
    id: info.id,
    short_id: info.id.slice(0, 8),
    created_at: gitDateIso(info.committerDate, true),
    parent_ids: [...info.parents],
    title: commitTitle(info.message),
    message: info.message,
    author_name: info.authorName,
    author_email: info.authorEmail,
    authored_date: gitDateIso(info.authorDate, true),
    committer_name: info.committerName,
    committer_email: info.committerEmail,
    committed_date: gitDateIso(info.committerDate, true),
    trailers: {},
    extended_trailers: {},
    web_url: `${project.webUrl}/-/commit/${info.id}`,
  };
}

/** API::Entities::CommitDetail (GET /repository/commits/:sha). */
export function commitDetailEntity(
  info: CommitInfo,
  project: ProjectDescriptor,
  stats: { additions: number; deletions: number },
) {
  return {
    ...commitEntity(info, project),
    stats: { ...stats, total: stats.additions + stats.deletions },
    status: null,
    project_id: project.id,
    last_pipeline: null,
  };
}

export function branchEntity(
  name: string,
  info: CommitInfo,
  project: ProjectDescriptor,
  flags: { protected: boolean; merged: boolean },
) {
  return {
    name,
    commit: commitEntity(info, project),
    merged: flags.merged,
    protected: flags.protected,
    developers_can_push: false,
    developers_can_merge: false,
    can_push: true,
    default: name === project.defaultBranch,
    web_url: `${project.webUrl}/-/tree/${name}`,
  };
}

export function diffEntity(entry: DiffEntry) {
  return {
    old_path: entry.oldPath,
    new_path: entry.newPath,
    a_mode: entry.aMode,
    b_mode: entry.bMode,
    new_file: entry.newFile,
    renamed_file: entry.renamedFile,
    deleted_file: entry.deletedFile,
    diff: entry.diff,
  };
}

const VISIBILITY_NAME = { private: 'private', internal: 'internal', public: 'public' } as const;

/** API::Entities::Project (the fields clients commonly read). */
export function projectEntity(project: ProjectDescriptor, instanceUrl: string, emptyRepo: boolean) {
  return {
    id: project.id,
    description: project.description,
    name: project.name,
    name_with_namespace: project.pathWithNamespace.split('/').join(' / '),
    path: project.path,
    path_with_namespace: project.pathWithNamespace,
    created_at: project.createdAt,
    default_branch: project.defaultBranch,
    tag_list: [],
    topics: [],
    ssh_url_to_repo: project.sshUrl,
    http_url_to_repo: project.httpUrl,
    web_url: project.webUrl,
    readme_url: null,
    avatar_url: null,
    forks_count: 0,
    star_count: 0,
    last_activity_at: project.createdAt,
    namespace: {
      id: 1,
      name: project.namespaceName,
      path: project.namespaceName,
      kind: 'group',
      full_path: project.namespacePath,
      parent_id: null,
      avatar_url: null,
      web_url: `${instanceUrl}/groups/${project.namespacePath}`,
    },
    visibility: VISIBILITY_NAME[project.visibility],
    empty_repo: emptyRepo,
    archived: false,
    merge_method: 'merge',
    // Keys every real GET /projects/:id answer carries (GitLab 11 to 17, CE and EE), in GitLab's defaults.
    resolve_outdated_diff_discussions: false,
    container_registry_enabled: false,
    issues_enabled: true,
    merge_requests_enabled: true,
    wiki_enabled: true,
    jobs_enabled: true,
    snippets_enabled: true,
    shared_runners_enabled: true,
    lfs_enabled: true,
    creator_id: 1,
    import_status: 'none',
    open_issues_count: 0,
    ci_config_path: null,
    public_jobs: true,
    shared_with_groups: [],
    only_allow_merge_if_pipeline_succeeds: false,
    request_access_enabled: true,
    only_allow_merge_if_all_discussions_are_resolved: false,
    printing_merge_request_link_enabled: true,
    approvals_before_merge: 0,
    permissions: { project_access: null, group_access: null },
    _links: {
      self: `${instanceUrl}/api/v4/projects/${project.id}`,
      merge_requests: `${instanceUrl}/api/v4/projects/${project.id}/merge_requests`,
      repo_branches: `${instanceUrl}/api/v4/projects/${project.id}/repository/branches`,
    },
  };
}
