import type { Config } from '@auto-promote/config';
import type { GitLabClient } from '@auto-promote/gitlab';
import type { Logger } from '@auto-promote/observability';
import type { MergeRequestRecorder } from '@auto-promote/records';

/** What finding a promotion's merge request, and closing the ones it supersedes, needs. */
export interface MergeRequestDeps {
  config: Pick<Config, 'mergeRequests'> & { gitlab: Pick<Config['gitlab'], 'project'> };
  gitlab: Pick<
    GitLabClient,
    | 'findMergeRequests'
    | 'mergeRequest'
    | 'mergeRequestCommits'
    | 'closeMergeRequest'
    | 'createMergeRequestNote'
  >;
  recorder: MergeRequestRecorder;
  logger: Logger;
  clock?: () => number;
}
