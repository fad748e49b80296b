import { Gitlab } from '@gitbeaker/rest';
import { classifyGitLabError } from './classify-error';
import { GitLabNotFoundError } from './errors/gitlab-error';

export interface ChangedPath {
  oldPath: string;
  newPath: string;
  newFile: boolean;
  deleted: boolean;
}

export interface CompareResult {
  changes: ChangedPath[];
  commits: Array<{ id: string; title: string; message: string }>;
  /** GitLab cut the diff list (diff limits): `changes` is incomplete. */
  truncated: boolean;
}

export interface TreeEntry {
  id: string;
  name: string;
  type: 'tree' | 'blob' | 'commit';
  path: string;
}

export interface GitLabClientOptions {
  url: string;
  token: string;
  timeoutMs?: number;
  /** Client-side request budget per minute (gitbeaker's limiter); GitLab's own limits still apply. */
  maxRequestsPerMinute?: number;
  /** Called around every request, e.g. to time it into a histogram. */
  instrument?: <T>(operation: string, call: () => Promise<T>) => Promise<T>;
}

/**
 * The few GitLab calls auto-promote needs, over @gitbeaker/rest. Every failure comes out as a
 * GitLabUnavailableError (retry) or GitLabPermanentError (fix the configuration).
 */
export class GitLabClient {
  private readonly api: InstanceType<typeof Gitlab<false>>;
  private readonly instrument: NonNullable<GitLabClientOptions['instrument']>;

  constructor(options: GitLabClientOptions) {
    this.api = new Gitlab({
      host: options.url,
      token: options.token,
      queryTimeout: options.timeoutMs ?? 10_000,
      rateLimits: { '**': options.maxRequestsPerMinute ?? 60_000 },
    });
    this.instrument = options.instrument ?? ((_, call) => call());
  }

  private async call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.instrument(operation, fn);
    } catch (error) {
      throw classifyGitLabError(operation, error);
    }
  }

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
        const commit = c as { id: string; title?: string; message?: string };
        return { id: commit.id, title: commit.title ?? '', message: commit.message ?? commit.title ?? '' };
      }),
      truncated: Boolean(result.compare_timeout),
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
}
