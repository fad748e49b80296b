import type { ChangeWay } from '@auto-promote/domain';
import { manifestPath } from './deployments-repository';
import { SandboxError } from './errors/sandbox-error';
import { retagManifest } from './retag-manifest';
import { readSandboxState, type SandboxState } from './sandbox-state';

export interface SandboxMergeRequest {
  iid: number;
  title: string;
  state: string;
  source_branch: string;
  target_branch: string;
  web_url: string;
  merge_commit_sha: string | null;
  created_at: string;
}

export interface SandboxPromotion {
  id: string;
  app: string;
  sourceEnv: string;
  targetEnv: string;
  status: string;
  imageTag: string | null;
  sha: string;
  reason: string | null;
  jenkins: { buildNumber: number | null; buildUrl: string | null; result: string | null };
  updatedAt: string;
}

/** GitLab's Entities::FreezePeriod. */
export interface SandboxFreezePeriod {
  id: number;
  freeze_start: string;
  freeze_end: string;
  cron_timezone: string;
  created_at: string;
  updated_at: string;
}

/**
 * Drives a running sandbox over HTTP, as a developer would: change an app on a branch, list merge
 * requests, merge one, read promotions. Used by `auto-promote-sandbox` drive, the demo and the e2e tests.
 */
export class SandboxClient {
  constructor(readonly state: SandboxState) {}

  static fromStateFile(): SandboxClient {
    return new SandboxClient(readSandboxState());
  }

  private async request<T>(url: string, init: RequestInit = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch (error) {
      throw new SandboxError(
        `The sandbox does not answer at ${new URL(url).origin}: is \`npm run sandbox\` still running?`,
        {
          cause: error,
        },
      );
    }
    const text = await response.text();
    if (!response.ok)
      throw new SandboxError(
        `${init.method ?? 'GET'} ${new URL(url).pathname} answered ${response.status}: ${text.slice(0, 300)}`,
      );
    return (text ? JSON.parse(text) : null) as T;
  }

  private get api(): string {
    return `${this.state.gitlabUrl}/api/v4/projects/${this.state.projectId}`;
  }

  private get control(): string {
    return `${this.state.gitlabUrl}/__emulator/projects/${this.state.projectId}`;
  }

  private gitlabHeaders(): Record<string, string> {
    return { 'PRIVATE-TOKEN': this.state.gitlabToken, 'Content-Type': 'application/json' };
  }

  async readManifest(app: string, ref: string): Promise<string> {
    const url = `${this.api}/repository/files/${encodeURIComponent(manifestPath(app))}/raw?ref=${encodeURIComponent(ref)}`;
    const response = await fetch(url, { headers: this.gitlabHeaders() });
    if (response.status === 404) throw new SandboxError(`There is no app '${app}' on ${ref}.`);
    if (!response.ok) throw new SandboxError(`Reading ${manifestPath(app)} answered ${response.status}.`);
    return response.text();
  }

  /** Commits a new image tag of `app` straight to `branch` (like a merged change); returns the commit sha. */
  async commitApp(options: {
    app: string;
    tag: string;
    branch?: string;
    message?: string;
    startBranch?: string;
  }): Promise<string> {
    const branch = options.branch ?? 'dev';
    const current = await this.readManifest(options.app, options.startBranch ?? branch);
    const updated = retagManifest(current, options.app, options.tag);
    const result = await this.request<{ id: string }>(`${this.control}/commits`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        branch,
        files: { [manifestPath(options.app)]: updated },
        message: options.message ?? `Update ${options.app} to ${options.tag}`,
        ...(options.startBranch ? { start_branch: options.startBranch } : {}),
      }),
    });
    return result.id;
  }

  /** App CI's part: a branch with the new tag and a merge request into `target` (dev). */
  async proposeChange(options: { app: string; tag: string; target?: string }): Promise<SandboxMergeRequest> {
    const target = options.target ?? 'dev';
    const branch = `update-${options.app}-${options.tag}`.replace(/[^A-Za-z0-9._-]/g, '-');
    await this.commitApp({ app: options.app, tag: options.tag, branch, startBranch: target });
    return this.request<SandboxMergeRequest>(`${this.api}/merge_requests`, {
      method: 'POST',
      headers: this.gitlabHeaders(),
      body: JSON.stringify({
        source_branch: branch,
        target_branch: target,
        title: `Update ${options.app} to ${options.tag}`,
        remove_source_branch: true,
      }),
    });
  }

  /** Adds a Deploy Freeze period to the project through GitLab's Freeze Periods API (as Settings → CI/CD does). */
  async addFreezePeriod(options: {
    freezeStart: string;
    freezeEnd: string;
    cronTimezone?: string;
  }): Promise<SandboxFreezePeriod> {
    return this.request<SandboxFreezePeriod>(`${this.api}/freeze_periods`, {
      method: 'POST',
      headers: this.gitlabHeaders(),
      body: JSON.stringify({
        freeze_start: options.freezeStart,
        freeze_end: options.freezeEnd,
        ...(options.cronTimezone ? { cron_timezone: options.cronTimezone } : {}),
      }),
    });
  }

  async mergeRequests(
    state: 'opened' | 'merged' | 'closed' | 'all' = 'opened',
  ): Promise<SandboxMergeRequest[]> {
    return this.request<SandboxMergeRequest[]>(`${this.control}/merge_requests?state=${state}`);
  }

  /** Merges like the Merge button; returns once GitLab has sent the push hook. */
  async merge(iid: number): Promise<SandboxMergeRequest> {
    return this.request<SandboxMergeRequest>(`${this.control}/merge_requests/${iid}/merge`, {
      method: 'POST',
    });
  }

  /** GET /api/changes/:id: the way of the change promotion `id` belongs to. */
  async change(id: string): Promise<ChangeWay> {
    return this.request<ChangeWay>(`${this.state.autoPromoteUrl}/api/changes/${encodeURIComponent(id)}`, {
      headers: this.adminHeaders(),
    });
  }

  private adminHeaders(): Record<string, string> {
    const { user, password } = this.state.admin;
    return { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
  }

  async promotions(query: Record<string, string> = {}): Promise<SandboxPromotion[]> {
    const { user, password } = this.state.admin;
    const search = new URLSearchParams({ limit: '200', ...query });
    const page = await this.request<{ items: SandboxPromotion[] }>(
      `${this.state.autoPromoteUrl}/api/promotions?${search.toString()}`,
      {
        headers: { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
      },
    );
    return page.items;
  }
}
