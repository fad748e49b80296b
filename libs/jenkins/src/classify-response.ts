import { JenkinsConfigError, JenkinsUnavailableError } from './errors/jenkins-error';

/** What an operator must do for each refusal of a trigger; the job path is filled in. */
export function triggerRefusal(status: number, body: string, job: string): Error {
  const text = body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 160);
  switch (status) {
    case 400:
      return new JenkinsConfigError(
        `Jenkins answered 400 for job '${job}' (${text || 'bad request'}): the job must declare the string parameters APP_NAME, SOURCE_ENV, TARGET_ENV, IMAGE_TAG and PROMOTION_ID — a Pipeline that declares them only in its Jenkinsfile needs one manual run first`,
        status,
      );
    case 401:
      return new JenkinsConfigError('Jenkins answered 401: check JENKINS_USER and JENKINS_API_TOKEN', status);
    case 403:
      return new JenkinsConfigError(
        `Jenkins answered 403: JENKINS_USER needs the Job/Build and Job/Read permissions on '${job}'`,
        status,
      );
    case 404:
      return new JenkinsConfigError(
        `Jenkins job '${job}' does not exist: check JENKINS_JOB (folders as folder/job) or create the job`,
        status,
      );
    case 405:
    case 409:
      return new JenkinsConfigError(`Jenkins job '${job}' is disabled: enable it in Jenkins`, status);
    default:
      if (status === 429 || status >= 500)
        return new JenkinsUnavailableError(`Jenkins answered ${status}`, status);
      return new JenkinsConfigError(`Jenkins answered an unexpected ${status} for job '${job}'`, status);
  }
}

/** Failures before any byte reached Jenkins: it cannot have acted on the request. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Network-level failures (refused, reset, timeout) mean Jenkins is unavailable. */
export function networkFailure(operation: string, error: unknown): JenkinsUnavailableError {
  const code = (error as { code?: string })?.code;
  const message = code ?? (error instanceof Error ? error.message : 'unknown error');
  // The axios error holds the request config with the credentials: keep only the code.
  return new JenkinsUnavailableError(`${operation}: Jenkins unreachable (${message})`, undefined, {
    cause: new Error(message),
    mayHaveReachedJenkins: !NOT_SENT.has(code ?? ''),
  });
}
