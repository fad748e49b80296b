/** Jenkins is down, refusing, slow or overloaded: pause and try again. */
export class JenkinsUnavailableError extends Error {
  readonly retryable = true;
  /**
   * False when Jenkins certainly did not act on the request (it answered an error, or refused the
   * connection); true after a timeout or a dropped connection, when it may have.
   */
  readonly mayHaveReachedJenkins: boolean;
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown; mayHaveReachedJenkins?: boolean },
  ) {
    super(message, options);
    this.name = 'JenkinsUnavailableError';
    this.mayHaveReachedJenkins = options?.mayHaveReachedJenkins ?? false;
  }
}

/** Jenkins refused in a way only an operator can fix (unknown job, not parameterized, no permission, disabled). */
export class JenkinsConfigError extends Error {
  readonly retryable = false;
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'JenkinsConfigError';
  }
}
