import { JenkinsConfigError } from '@auto-promote/jenkins';
import { checkJenkinsJob } from './check-jenkins-job';
import { message, type DoctorCheck, type DoctorDeps } from './doctor-check';

/** `doctor`'s Jenkins lines: reachable, authenticated, the job and its parameters. */
export async function jenkinsChecks(deps: DoctorDeps): Promise<DoctorCheck[]> {
  const { config, jenkins } = deps;
  const checks: DoctorCheck[] = [];
  let useCrumbs = false;
  try {
    const root = await jenkins.rootInfo();
    useCrumbs = root.useCrumbs;
    checks.push({
      group: 'Jenkins',
      name: 'reachable',
      status: 'ok',
      detail: `Jenkins ${root.version ?? '?'} at ${config.jenkins.url}`,
    });
  } catch (error) {
    if (!(error instanceof JenkinsConfigError)) {
      return [
        {
          group: 'Jenkins',
          name: 'reachable',
          status: 'fail',
          detail: message(error),
          fix: `check JENKINS_URL (${config.jenkins.url}) and the network`,
        },
      ];
    }
    checks.push({
      group: 'Jenkins',
      name: 'reachable',
      status: 'ok',
      detail: `Jenkins answers at ${config.jenkins.url}`,
    });
  }
  try {
    const me = await jenkins.whoAmI();
    if (me.anonymous) throw new JenkinsConfigError('Jenkins took the request for anonymous', 401);
    checks.push({
      group: 'Jenkins',
      name: 'authentication',
      status: 'ok',
      detail: `authenticated as ${me.name}`,
    });
  } catch (error) {
    checks.push({
      group: 'Jenkins',
      name: 'authentication',
      status: 'fail',
      detail: message(error),
      fix: 'set JENKINS_USER and JENKINS_API_TOKEN (an API token of that user)',
    });
    return checks;
  }
  checks.push({
    group: 'Jenkins',
    name: 'CSRF crumb',
    status: 'ok',
    detail: useCrumbs
      ? 'CSRF protection on; API-token requests need no crumb (Jenkins ≥ 2.96) — one is fetched only if Jenkins asks'
      : 'CSRF protection off: no crumb needed',
  });
  try {
    const job = await checkJenkinsJob(jenkins);
    if (!job.exists || !job.buildable) {
      checks.push({
        group: 'Jenkins',
        name: 'job',
        status: 'fail',
        detail: job.exists ? `'${job.job}' is disabled` : `'${job.job}' does not exist`,
        fix: job.problems[0] ?? 'fix JENKINS_JOB',
      });
      return checks;
    }
    checks.push({
      group: 'Jenkins',
      name: 'job',
      status: 'ok',
      detail: `'${job.job}' exists and is buildable`,
    });
    if (job.missing.length > 0) {
      checks.push({
        group: 'Jenkins',
        name: 'parameters',
        status: 'fail',
        detail: `missing ${job.missing.join(', ')}`,
        fix: job.problems.find((p) => p.includes('does not declare')) ?? 'declare the parameters',
      });
    } else if (!job.declaresPromotionId) {
      checks.push({
        group: 'Jenkins',
        name: 'parameters',
        status: 'warn',
        detail: 'APP_NAME, SOURCE_ENV, TARGET_ENV, IMAGE_TAG declared; PROMOTION_ID is not',
        fix: 'declare PROMOTION_ID (a string parameter) so builds can be matched to promotions after a crash',
      });
    } else {
      checks.push({
        group: 'Jenkins',
        name: 'parameters',
        status: 'ok',
        detail: 'APP_NAME, SOURCE_ENV, TARGET_ENV, IMAGE_TAG and PROMOTION_ID declared',
      });
    }
  } catch (error) {
    checks.push({
      group: 'Jenkins',
      name: 'job',
      status: 'fail',
      detail: message(error),
      fix: 'check JENKINS_JOB and the permissions of JENKINS_USER',
    });
  }
  return checks;
}
