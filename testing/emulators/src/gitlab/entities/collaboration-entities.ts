import { alertStatus } from '../hooks/hook-health';
import { HOOK_EVENT_FLAGS, type ProjectHook } from '../hooks/project-hook';
import type { CommitStatus } from '../model/commit-statuses';
import type { MergeRequest, MergeRequestNote } from '../model/merge-requests';
import { isoUtc } from '../model/time';
import type { GitLabUser, ProjectDescriptor } from '../model/types';
import { userBasicEntity } from './repository-entities';

/** JSON shapes of GitLab's REST entities for hooks, merge requests, notes and statuses. Pure functions. */

/** API::Entities::ProjectHook. The token is write-only and never returned. */
export function hookEntity(hook: ProjectHook, now: number) {
  const events = Object.fromEntries(HOOK_EVENT_FLAGS.map((flag) => [flag, hook.events[flag]]));
  const status = alertStatus(hook.health, now);
  return {
    id: hook.id,
    url: hook.url,
    name: hook.name,
    description: hook.description,
    created_at: hook.createdAt,
    ...events,
    enable_ssl_verification: hook.enableSslVerification,
    alert_status: status,
    disabled_until:
      status === 'temporarily_disabled' && hook.health.disabledUntil !== null
        ? isoUtc(hook.health.disabledUntil)
        : null,
    url_variables: [],
    push_events_branch_filter: hook.pushEventsBranchFilter,
    branch_filter_strategy: hook.branchFilterStrategy,
    custom_webhook_template: null,
    project_id: hook.projectId,
    custom_headers: hook.customHeaders.map((header) => ({ key: header.key })),
  };
}

export interface MergeRequestView {
  mr: MergeRequest;
  project: ProjectDescriptor;
  user: GitLabUser;
  instanceUrl: string;
  /** Result of a trial merge for open MRs; undefined when not computed. */
  canBeMerged?: boolean;
}

/** API::Entities::MergeRequest. */
export function mergeRequestEntity(view: MergeRequestView) {
  const { mr, project, user, instanceUrl } = view;
  const author = userBasicEntity(user, instanceUrl);
  const merged = mr.state === 'merged';
  const conflicts = mr.state === 'opened' && view.canBeMerged === false;
  return {
    id: mr.id,
    iid: mr.iid,
    project_id: mr.projectId,
    title: mr.title,
    description: mr.description,
    state: mr.state,
    created_at: mr.createdAt,
    updated_at: mr.updatedAt,
    merged_by: merged ? author : null,
    merge_user: merged ? author : null,
    merged_at: mr.mergedAt,
    closed_by: null,
    closed_at: mr.closedAt,
    target_branch: mr.targetBranch,
    source_branch: mr.sourceBranch,
    user_notes_count: mr.notes.length,
    upvotes: 0,
    downvotes: 0,
    author,
    assignees: [],
    assignee: null,
    reviewers: [],
    source_project_id: mr.projectId,
    target_project_id: mr.projectId,
    labels: [],
    draft: false,
    work_in_progress: false,
    milestone: null,
    merge_when_pipeline_succeeds: false,
    merge_status: conflicts ? 'cannot_be_merged' : 'can_be_merged',
    detailed_merge_status: merged ? 'not_open' : conflicts ? 'conflict' : 'mergeable',
    sha: mr.sha,
    merge_commit_sha: mr.mergeCommitSha,
    squash_commit_sha: null,
    discussion_locked: null,
    should_remove_source_branch: mr.shouldRemoveSourceBranch,
    force_remove_source_branch: mr.shouldRemoveSourceBranch,
    reference: `!${mr.iid}`,
    references: {
      short: `!${mr.iid}`,
      relative: `!${mr.iid}`,
      full: `${project.pathWithNamespace}!${mr.iid}`,
    },
    web_url: `${project.webUrl}/-/merge_requests/${mr.iid}`,
    time_stats: {
      time_estimate: 0,
      total_time_spent: 0,
      human_time_estimate: null,
      human_total_time_spent: null,
    },
    squash: false,
    has_conflicts: conflicts,
    blocking_discussions_resolved: true,
  };
}

export function noteEntity(note: MergeRequestNote, mr: MergeRequest, user: GitLabUser, instanceUrl: string) {
  return {
    id: note.id,
    type: null,
    body: note.body,
    attachment: null,
    author: userBasicEntity(user, instanceUrl),
    created_at: note.createdAt,
    updated_at: note.updatedAt,
    system: note.system,
    noteable_id: mr.id,
    noteable_type: 'MergeRequest',
    project_id: mr.projectId,
    resolvable: false,
    confidential: false,
    internal: false,
    noteable_iid: mr.iid,
    commands_changes: {},
  };
}

/** API::Entities::CommitStatus. */
export function commitStatusEntity(status: CommitStatus, user: GitLabUser, instanceUrl: string) {
  return {
    id: status.id,
    sha: status.sha,
    ref: status.ref,
    status: status.status,
    name: status.name,
    target_url: status.targetUrl,
    description: status.description,
    created_at: status.createdAt,
    started_at: status.startedAt,
    finished_at: status.finishedAt,
    allow_failure: false,
    coverage: status.coverage,
    pipeline_id: status.pipelineId,
    author: userBasicEntity(user, instanceUrl),
  };
}
