import { GitbeakerRequestError, GitbeakerRetryError, GitbeakerTimeoutError } from '@gitbeaker/rest';
import { GitLabNotFoundError, GitLabPermanentError, GitLabUnavailableError } from './errors/gitlab-error';

const HINTS: Record<number, string> = {
  401: 'GITLAB_TOKEN was rejected: check that it is valid and not expired',
  403: 'GITLAB_TOKEN lacks access: it needs the api scope and at least Developer on GITLAB_PROJECT',
};

/** Turns a gitbeaker/fetch failure into a retryable or permanent error that never carries the token. */
export function classifyGitLabError(operation: string, error: unknown): Error {
  if (error instanceof GitbeakerRequestError) {
    const status = error.cause?.response?.status ?? 0;
    const description = (error.cause?.description ?? error.message).slice(0, 200);
    if (status === 404) return new GitLabNotFoundError(`${operation}: not found (${description})`);
    if (status === 429 || status >= 500) {
      return new GitLabUnavailableError(`${operation}: GitLab answered ${status}`);
    }
    const hint = HINTS[status] ?? description;
    return new GitLabPermanentError(`${operation}: GitLab answered ${status}: ${hint}`, status);
  }
  if (error instanceof GitbeakerTimeoutError)
    return new GitLabUnavailableError(`${operation}: GitLab timed out`);
  if (error instanceof GitbeakerRetryError)
    return new GitLabUnavailableError(`${operation}: ${error.message}`);
  const code = (error as { cause?: { code?: string } })?.cause?.code;
  const reason = code ?? (error instanceof Error ? error.message : String(error));
  return new GitLabUnavailableError(`${operation}: GitLab unreachable (${reason})`);
}
