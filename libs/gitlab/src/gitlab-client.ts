import type { CommitablePipelineStatus } from '@gitbeaker/rest';
import { GitLabConnection } from './gitlab-connection';
import { GitLabNotFoundError, GitLabPermanentError } from './errors/gitlab-error';
import type {
  ChangedPath,
  CommitStatusInput,
  CompareResult,
  MergeRequestRef,
  TreeEntry,
} from './gitlab-types';
import { isTruncated } from './compare-truncation';
import { mergeRequestWebUrl } from './merge-request-url';
import { parseFreezePeriods } from './freeze-periods';
import type { FreezePeriod } from '@auto-promote/domain';
import {
  toMergeRequestCommit,
  toMergeRequestState,
  type MergeRequestCommit,
  type MergeRequestState,
} from './promotion-merge-request';
import {
  hookBody,
  hookTestResult,
  parseHook,
  type HookSettings,
  type HookTestResult,
  type ProjectHook,
} from './project-hook';

export type * from './gitlab-types';

/** GitLab refuses to move a status to the state it is in ("Cannot transition status via :run from :running"). */
const SAME_STATE = /cannot transition status/i;

/**
 * The few GitLab calls auto-promote needs, over @gitbeaker/rest. Every failure comes out as a
 * GitLabUnavailableError (retry) or GitLabPermanentError (fix the configuration).
 */
export class GitLabClient extends GitLabConnection {
  async project(
    project: string | number,
  ): Promise<{ id: number; pathWithNamespace: string; defaultBranch: string }> {
    const p = await this.call('get project', () => this.api.Projects.show(project));
    return {
      id: p.id,
      pathWithNamespace: p.path_with_namespace,
      defaultBranch: String(p.default_branch ?? ''),
    };
  }

  /** Head commit of a branch, or null when the branch does not exist. */
  async branchHead(project: string | number, branch: string): Promise<string | null> {
    try {
      const b = await this.call('get branch', () => this.api.Branches.show(project, branch));
      return b.commit.id;
    } catch (error) {
      if (error instanceof GitLabNotFoundError) return null;
      throw error;
    }
  }

  /** The full sha of a commit, branch or tag; null when GitLab does not know it. */
  async commitSha(project: string | number, ref: string): Promise<string | null> {
    try {
      const commit = await this.call('get commit', () => this.api.Commits.show(project, ref));
      return commit.id;
    } catch (error) {
      if (error instanceof GitLabNotFoundError) return null;
      throw error;
    }
  }

  /** Files changed between two commits; `straight` diffs from..to directly (right for force pushes). */
  async compare(project: string | number, from: string, to: string, straight = true): Promise<CompareResult> {
    const result = await this.call('compare', () =>
      this.api.Repositories.compare(project, from, to, { straight }),
    );
    return {
      changes: (result.diffs ?? []).map((d) => ({
        oldPath: d.old_path,
        newPath: d.new_path,
        newFile: Boolean(d.new_file),
        deleted: Boolean(d.deleted_file),
      })),
      commits: (result.commits ?? []).map((c) => {
        const commit = c as { id: string; title?: string; message?: string; parent_ids?: string[] | null };
        return {
          id: commit.id,
          title: commit.title ?? '',
          message: commit.message ?? commit.title ?? '',
          parentIds: commit.parent_ids ?? [],
        };
      }),
      truncated: isTruncated(result),
    };
  }

  /**
   * Whether `ancestor` is in the history of `descendant`: the compare from descendant to ancestor
   * (merge-base mode) lists the commits only the ancestor has — none when it really is an ancestor.
   */
  async isAncestor(project: string | number, ancestor: string, descendant: string): Promise<boolean> {
    if (ancestor === descendant) return true;
    try {
      const result = await this.compare(project, descendant, ancestor, false);
      return result.commits.length === 0;
    } catch (error) {
      if (error instanceof GitLabNotFoundError) return false; // a commit that is gone is nobody's ancestor
      throw error;
    }
  }

  /** Entries of a directory at a ref; null when the directory does not exist there. */
  async tree(
    project: string | number,
    path: string,
    ref: string,
    recursive = false,
  ): Promise<TreeEntry[] | null> {
    try {
      const entries = await this.call('list tree', () =>
        this.api.Repositories.allRepositoryTrees(project, { path, ref, recursive, perPage: 100 }),
      );
      return entries.map((e) => ({
        id: e.id,
        name: e.name,
        type: e.type as TreeEntry['type'],
        path: e.path,
      }));
    } catch (error) {
      if (error instanceof GitLabNotFoundError) return null;
      throw error;
    }
  }

  /** Raw text of a file at a ref, or null when it does not exist there. */
  async rawFile(project: string | number, path: string, ref: string): Promise<string | null> {
    try {
      const body = await this.call('get file', () => this.api.RepositoryFiles.showRaw(project, path, ref));
      return typeof body === 'string' ? body : await body.text();
    } catch (error) {
      if (error instanceof GitLabNotFoundError) return null;
      throw error;
    }
  }

  /** The user behind GITLAB_TOKEN: proves the token is valid. */
  async currentUser(): Promise<{ id: number; username: string }> {
    const user = await this.call('get current user', () => this.api.Users.showCurrentUser());
    return { id: user.id, username: user.username };
  }

  /** Files one commit changed, against its first parent (what GitLab shows for the commit). */
  async commitDiff(project: string | number, sha: string): Promise<ChangedPath[]> {
    const diffs = await this.call('get commit diff', () =>
      this.api.Commits.showDiff(project, sha, { perPage: 100 }),
    );
    return diffs.map((d) => ({
      oldPath: d.old_path,
      newPath: d.new_path,
      newFile: Boolean(d.new_file),
      deleted: Boolean(d.deleted_file),
    }));
  }

  /** Merge requests GitLab relates to a commit (its merge, squash or head commit, or one of its commits). */
  async commitMergeRequests(project: string | number, sha: string): Promise<MergeRequestRef[]> {
    const list = await this.call('list commit merge requests', () =>
      this.api.Commits.allMergeRequests(project, sha),
    );
    return list.map((mr) => ({
      iid: mr.iid,
      state: mr.state,
      sourceBranch: mr.source_branch,
      targetBranch: mr.target_branch,
      sha: mr.sha ?? null,
      mergeCommitSha: mr.merge_commit_sha ?? null,
      squashCommitSha: mr.squash_commit_sha ?? null,
      webUrl: mergeRequestWebUrl(mr, this.url, project),
    }));
  }

  /**
   * Posts a commit status; `unchanged` when GitLab refuses because the status already is in that state
   * (its 400 "Cannot transition status …"), which means there is nothing to do.
   */
  async setCommitStatus(
    project: string | number,
    sha: string,
    status: CommitStatusInput,
  ): Promise<'posted' | 'unchanged'> {
    try {
      await this.call('post commit status', () =>
        // `skipped` is accepted by GitLab (16.x+) though gitbeaker's type predates it.
        this.api.Commits.editStatus(project, sha, status.state as CommitablePipelineStatus, {
          name: status.name,
          ...(status.ref ? { ref: status.ref } : {}),
          ...(status.targetUrl ? { targetUrl: status.targetUrl } : {}),
          ...(status.description !== undefined ? { description: status.description } : {}),
        }),
      );
      return 'posted';
    } catch (error) {
      if (error instanceof GitLabPermanentError && error.status === 400 && SAME_STATE.test(error.message))
        return 'unchanged';
      throw error;
    }
  }

  async createMergeRequestNote(project: string | number, iid: number, body: string): Promise<void> {
    await this.call('create merge request note', () => this.api.MergeRequestNotes.create(project, iid, body));
  }

  /**
   * The project's Deploy Freeze periods (GET /projects/:id/freeze_periods, every page), oldest first as
   * GitLab lists them. Needs Reporter access.
   */
  async freezePeriods(project: string | number): Promise<FreezePeriod[]> {
    const raw = await this.call('list freeze periods', () =>
      this.api.FreezePeriods.all(project, { perPage: 100 }),
    );
    return parseFreezePeriods(raw);
  }

  /** Merge requests from `sourceBranch` into `targetBranch` (any state), newest first. */
  async findMergeRequests(
    project: string | number,
    filter: { sourceBranch: string; targetBranch: string; createdAfter?: string },
  ): Promise<MergeRequestState[]> {
    const list = await this.call('list merge requests', () =>
      this.api.MergeRequests.all({
        projectId: project,
        sourceBranch: filter.sourceBranch,
        targetBranch: filter.targetBranch,
        ...(filter.createdAfter ? { createdAfter: filter.createdAfter } : {}),
        perPage: 20,
        maxPages: 1,
      }),
    );
    return list.map((mr) => this.mergeRequestState(mr as unknown as Record<string, unknown>, project));
  }

  /** One merge request now; null when GitLab does not know it (deleted). */
  async mergeRequest(project: string | number, iid: number): Promise<MergeRequestState | null> {
    try {
      const mr = await this.call('get merge request', () => this.api.MergeRequests.show(project, iid));
      return this.mergeRequestState(mr, project);
    } catch (error) {
      if (error instanceof GitLabNotFoundError) return null;
      throw error;
    }
  }

  /** The commits of a merge request (at most 100, newest first as GitLab lists them). */
  async mergeRequestCommits(project: string | number, iid: number): Promise<MergeRequestCommit[]> {
    const list = await this.call('list merge request commits', () =>
      this.api.MergeRequests.allCommits(project, iid, { perPage: 100, maxPages: 1 }),
    );
    return list.map((c) => toMergeRequestCommit(c as unknown as Record<string, unknown>));
  }

  /** PUT …/merge_requests/:iid state_event=close; GitLab answers the merge request as it is after. */
  async closeMergeRequest(project: string | number, iid: number): Promise<MergeRequestState> {
    const mr = await this.call('close merge request', () =>
      this.api.MergeRequests.edit(project, iid, { stateEvent: 'close' }),
    );
    return this.mergeRequestState(mr, project);
  }

  private mergeRequestState(raw: Record<string, unknown>, project: string | number): MergeRequestState {
    return toMergeRequestState(raw, mergeRequestWebUrl({ iid: Number(raw['iid']) }, this.url, project));
  }

  async listHooks(project: string | number): Promise<ProjectHook[]> {
    const hooks = await this.call('list hooks', () => this.api.ProjectHooks.all(project, { perPage: 100 }));
    return hooks.map((raw) => parseHook(raw as unknown as Record<string, unknown>));
  }

  /** Creates a project hook; returns its id. */
  async addHook(project: string | number, settings: HookSettings): Promise<number> {
    const hook = await this.call('add hook', () =>
      this.api.ProjectHooks.add(project, settings.url, hookBody(settings)),
    );
    return hook.id;
  }

  /**
   * Asks GitLab to send a test event of `trigger` to the hook (GitLab 17.1+: POST
   * /projects/:id/hooks/:hook_id/test/:trigger; a test push is built from the default branch's last commit).
   * See `hookTestResult` for what the answer means. gitbeaker has no call for it, so this one request goes
   * through fetch.
   */
  async testHook(project: string | number, hookId: number, trigger = 'push_events'): Promise<HookTestResult> {
    const path = `/api/v4/projects/${encodeURIComponent(String(project))}/hooks/${hookId}/test/${trigger}`;
    const response = await this.call('test hook', () =>
      fetch(`${this.url}${path}`, {
        method: 'POST',
        headers: { 'PRIVATE-TOKEN': this.token },
        signal: AbortSignal.timeout(this.timeoutMs),
      }),
    );
    return hookTestResult(response);
  }

  /** Replaces a hook's settings. The token is always sent: GitLab clears it when the URL changes. */
  async editHook(project: string | number, hookId: number, settings: HookSettings): Promise<void> {
    await this.call('edit hook', () =>
      this.api.ProjectHooks.edit(project, hookId, settings.url, hookBody(settings)),
    );
  }
}
