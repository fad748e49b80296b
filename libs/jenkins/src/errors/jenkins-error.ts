/** Jenkins is down, refusing, slow or overloaded: pause and try again. */
export class JenkinsUnavailableError extends Error {
  readonly retryable = true;
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'JenkinsUnavailableError';
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
