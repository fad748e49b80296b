/** GitLab could not be reached or answered 5xx/429: try again later. */
export class GitLabUnavailableError extends Error {
  readonly retryable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GitLabUnavailableError';
  }
}

/** GitLab refused the request in a way retrying cannot fix (bad token, unknown project): fix the configuration. */
export class GitLabPermanentError extends Error {
  readonly retryable = false;
  constructor(
    message: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GitLabPermanentError';
  }
}

/** A ref or commit GitLab does not know (e.g. a sha that was garbage-collected after a force push). */
export class GitLabNotFoundError extends GitLabPermanentError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 404, options);
    this.name = 'GitLabNotFoundError';
  }
}
