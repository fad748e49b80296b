import { Gitlab } from '@gitbeaker/rest';
import { classifyGitLabError } from './classify-error';
import type { GitLabClientOptions } from './gitlab-types';

/**
 * The connection every GitLab call goes through: the gitbeaker API with its timeout and rate limit, and
 * `call`, which times a call into the metrics and turns any failure into a GitLabUnavailableError (retry) or
 * GitLabPermanentError (fix the configuration).
 */
export abstract class GitLabConnection {
  protected readonly api: InstanceType<typeof Gitlab<false>>;
  protected readonly url: string;
  protected readonly token: string;
  protected readonly timeoutMs: number;
  private readonly instrument: NonNullable<GitLabClientOptions['instrument']>;

  constructor(options: GitLabClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.api = new Gitlab({
      host: options.url,
      token: options.token,
      queryTimeout: this.timeoutMs,
      rateLimits: { '**': options.maxRequestsPerMinute ?? 60_000 },
    });
    this.instrument = options.instrument ?? ((_, call) => call());
  }

  protected async call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.instrument(operation, fn);
    } catch (error) {
      throw classifyGitLabError(operation, error);
    }
  }
}
