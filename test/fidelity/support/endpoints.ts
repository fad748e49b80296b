import type { GitLabAnswers, JenkinsAnswers } from './emulator-answers';

/**
 * Every endpoint the product calls (libs/gitlab/src/gitlab-client.ts, libs/jenkins/src/jenkins-client.ts),
 * the real answers of it that are vendored, and the paths of the answer the product reads (`[]` = each
 * element; a list answer's paths are those of its elements). GET /repository/files/:path/raw answers raw
 * text (no JSON shape to compare); Jenkins' root, whoAmI, crumbIssuer and config.xml have no real example.
 */
export interface Endpoint<K extends string> {
  call: string;
  answer: K;
  real: string[];
  reads: string[];
  /** Read paths GitLab answers null in some states (the emulator's example may be in such a state). */
  nullable?: string[];
  /** Keys of every real example the emulator may lack, with the reason. */
  exempt?: Record<string, string>;
}

/** Real answers that show a merge request (a list and single ones, several GitLab versions). */
const MERGE_REQUEST_ANSWERS = [
  'xanzy_go-gitlab__testdata_get_merge_requests.json',
  'xanzy_go-gitlab__testdata_get_merge_request.json',
  'drone_go-scm__testdata_merge.json',
  'runatlantis_atlantis__events_testdata_gitlab-get-merge-request.json',
  'gitlab4j_gitlab4j-api__models_merge-request.json',
];

/** What the client reads of a merge request's state, and the real answers that show it (list and single). */
const MERGE_REQUEST_STATE: Pick<Endpoint<string>, 'real' | 'reads' | 'nullable'> = {
  real: MERGE_REQUEST_ANSWERS,
  reads: [
    'iid',
    'state',
    'source_branch',
    'target_branch',
    'created_at',
    'merged_at',
    'merge_commit_sha',
    'web_url',
  ],
  nullable: ['merged_at', 'merge_commit_sha'],
};

export const GITLAB_ENDPOINTS: Endpoint<keyof GitLabAnswers>[] = [
  {
    call: 'GET projects/:id',
    answer: 'project',
    real: [
      'drone_go-scm__testdata_repo.json',
      'gitlab4j_gitlab4j-api__models_project.json',
      'runatlantis_atlantis__events_vcs_gitlab_testdata_project-success.json',
    ],
    reads: ['id', 'path_with_namespace', 'default_branch'],
  },
  {
    call: 'GET projects/:id/repository/branches/:branch',
    answer: 'branch',
    real: [
      'xanzy_go-gitlab__testdata_get_branch.json',
      'drone_go-scm__testdata_branch.json',
      'gitlab4j_gitlab4j-api__models_branch.json',
    ],
    reads: ['commit.id'],
  },
  {
    call: 'GET projects/:id/repository/commits/:sha',
    answer: 'commit',
    real: ['xanzy_go-gitlab__testdata_get_commit.json', 'drone_go-scm__testdata_commit.json'],
    reads: ['id'],
  },
  {
    call: 'GET projects/:id/repository/compare',
    answer: 'compare',
    real: ['drone_go-scm__testdata_compare.json', 'gitlab4j_gitlab4j-api__models_compare-results.json'],
    reads: [
      'diffs[].old_path',
      'diffs[].new_path',
      'diffs[].new_file',
      'diffs[].deleted_file',
      'commits[].id',
      'commits[].title',
      'commits[].message',
      'commits[].parent_ids',
      'compare_timeout',
    ],
  },
  {
    call: 'GET projects/:id/repository/tree',
    answer: 'tree',
    real: ['drone_go-scm__testdata_content_list.json', 'gitlab4j_gitlab4j-api__models_tree.json'],
    reads: ['id', 'name', 'type', 'path'],
  },
  {
    call: 'GET user',
    answer: 'user',
    real: [
      'xanzy_go-gitlab__testdata_get_user.json',
      'drone_go-scm__testdata_user.json',
      'gitlab4j_gitlab4j-api__models_user.json',
    ],
    reads: ['id', 'username'],
  },
  {
    call: 'GET projects/:id/repository/commits/:sha/diff',
    answer: 'commitDiff',
    real: ['drone_go-scm__testdata_commit_diff.json', 'gitlab4j_gitlab4j-api__models_diff.json'],
    reads: ['old_path', 'new_path', 'new_file', 'deleted_file'],
  },
  {
    call: 'GET projects/:id/repository/commits/:sha/merge_requests',
    answer: 'mergeRequests',
    real: MERGE_REQUEST_ANSWERS,
    reads: [
      'iid',
      'state',
      'source_branch',
      'target_branch',
      'sha',
      'merge_commit_sha',
      'squash_commit_sha',
      'web_url',
    ],
    // Null until the merge request is merged (squashed); the emulator's is open, gitlab4j's merged.
    nullable: ['merge_commit_sha', 'squash_commit_sha'],
  },
  {
    call: 'GET projects/:id/merge_requests?source_branch&target_branch',
    answer: 'mergeRequestList',
    ...MERGE_REQUEST_STATE,
  },
  {
    call: 'GET projects/:id/merge_requests/:iid',
    answer: 'mergeRequest',
    ...MERGE_REQUEST_STATE,
  },
  {
    call: 'PUT projects/:id/merge_requests/:iid state_event=close',
    answer: 'mergeRequestClosed',
    ...MERGE_REQUEST_STATE,
  },
  {
    call: 'GET projects/:id/merge_requests/:iid/commits',
    answer: 'mergeRequestCommits',
    real: ['xanzy_go-gitlab__testdata_get_commit.json', 'drone_go-scm__testdata_commit.json'],
    reads: ['id', 'author_name', 'author_email', 'created_at'],
    // The real examples are single commits (GET commits/:sha): their detail keys are not in a list's commits.
    exempt: {
      stats: 'commit detail only',
      status: 'commit detail only',
      last_pipeline: 'commit detail only',
      project_id: 'commit detail only',
    },
  },
  {
    call: 'POST projects/:id/statuses/:sha',
    answer: 'status',
    real: ['drone_go-scm__testdata_status.json', 'gitlab4j_gitlab4j-api__models_commit-status.json'],
    reads: [],
  },
  {
    call: 'POST projects/:id/merge_requests/:iid/notes',
    answer: 'note',
    real: ['drone_go-scm__testdata_merge_note.json', 'gitlab4j_gitlab4j-api__models_note.json'],
    reads: [],
  },
  {
    call: 'GET projects/:id/hooks',
    answer: 'hooks',
    real: [
      'drone_go-scm__testdata_hooks.json',
      'drone_go-scm__testdata_hook.json',
      'gitlab4j_gitlab4j-api__models_hook.json',
      'gitlabhq_gitlabhq__project_webhooks.md_get-hook.json',
    ],
    reads: ['id', 'url', 'push_events', 'push_events_branch_filter', 'enable_ssl_verification'],
  },
];

const PIPELINE_JOB =
  'exported by AbstractProject/AbstractBuild (the real examples are freestyle jobs); auto-promote triggers a ' +
  'Pipeline job (WorkflowJob/WorkflowRun), which Jenkins exports without it';

export const JENKINS_ENDPOINTS: Endpoint<keyof JenkinsAnswers>[] = [
  {
    call: 'GET job/:job/api/json',
    answer: 'job',
    real: ['cdancy_jenkins-rest__job-info.json', 'bndr_gojenkins___tests_job1.json'],
    reads: ['buildable', 'property[].parameterDefinitions[].name'],
    exempt: { scm: PIPELINE_JOB, upstreamProjects: PIPELINE_JOB, downstreamProjects: PIPELINE_JOB },
  },
  {
    call: 'GET job/:job/:number/api/json',
    answer: 'build',
    real: [
      'cdancy_jenkins-rest__build-info.json',
      'cdancy_jenkins-rest__build-info-no-params.json',
      'bndr_gojenkins___tests_job1_build1.json',
    ],
    reads: ['number', 'url', 'queueId', 'building', 'result'],
    exempt: { builtOn: PIPELINE_JOB, changeSet: `${PIPELINE_JOB} (a WorkflowRun has changeSets)` },
  },
  {
    call: 'GET queue/item/:id/api/json (waiting)',
    answer: 'queueItemPending',
    real: ['cdancy_jenkins-rest__queueItemPending.json'],
    reads: ['id', 'why'],
  },
  {
    call: 'GET queue/item/:id/api/json (left, built)',
    answer: 'queueItemRunning',
    real: ['cdancy_jenkins-rest__queueItemRunning.json'],
    reads: ['id', 'cancelled', 'why', 'executable.number', 'executable.url'],
  },
  {
    call: 'GET queue/item/:id/api/json (cancelled)',
    answer: 'queueItemCancelled',
    real: ['cdancy_jenkins-rest__queueItemCancelled.json'],
    reads: ['id', 'cancelled', 'why', 'executable'],
  },
  {
    call: 'GET queue/api/json',
    answer: 'queue',
    real: ['cdancy_jenkins-rest__queue.json', 'bndr_gojenkins___tests_queue.json'],
    reads: ['items[].id', 'items[].task.url', 'items[].actions[].parameters[].name'],
  },
  {
    call: 'GET job/:job/api/json?tree=allBuilds[…]',
    answer: 'allBuilds',
    real: ['bndr_gojenkins___tests_allBuilds.json'],
    reads: ['allBuilds[].number', 'allBuilds[].url'],
  },
];
