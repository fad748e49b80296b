/** A GitLab feedback step failed; `kind` says which, for the metric. The cause is GitLab's error. */
export class FeedbackStepError extends Error {
  readonly step: Error;
  constructor(
    readonly kind: 'status' | 'note',
    cause: Error,
  ) {
    super(`${kind}: ${cause.message}`, { cause });
    this.name = 'FeedbackStepError';
    this.step = cause;
  }
}
