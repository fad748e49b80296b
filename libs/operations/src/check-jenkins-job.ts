import type { JenkinsClient } from '@auto-promote/jenkins';

/** The parameters the Jenkins job must declare; Jenkins silently drops the ones it does not. */
export const REQUIRED_JOB_PARAMETERS = ['APP_NAME', 'SOURCE_ENV', 'TARGET_ENV', 'IMAGE_TAG'] as const;

export interface JobCheck {
  job: string;
  exists: boolean;
  buildable: boolean;
  parameters: string[];
  /** Required parameters the job does not declare. */
  missing: string[];
  /** PROMOTION_ID lets builds be matched to promotions (adoption after a crash); recommended. */
  declaresPromotionId: boolean;
  /** Problems that stop auto-promote from triggering the job, each with what to do. */
  problems: string[];
}

/** Whether JENKINS_JOB exists, is buildable and declares the parameters auto-promote sends. */
export async function checkJenkinsJob(jenkins: JenkinsClient): Promise<JobCheck> {
  const job = jenkins.jobName;
  const info = await jenkins.jobInfo();
  if (!info) {
    return {
      job,
      exists: false,
      buildable: false,
      parameters: [],
      missing: [...REQUIRED_JOB_PARAMETERS],
      declaresPromotionId: false,
      problems: [
        `job '${job}' does not exist: create it (auto-promote setup jenkins --job-config config.xml) or fix JENKINS_JOB`,
      ],
    };
  }
  const missing = REQUIRED_JOB_PARAMETERS.filter((p) => !info.parameters.includes(p));
  const problems: string[] = [];
  if (!info.buildable) problems.push(`job '${job}' is disabled: enable it in Jenkins`);
  if (missing.length > 0) {
    problems.push(
      `job '${job}' does not declare ${missing.join(', ')}: add them as string parameters (a Pipeline that declares them only in its Jenkinsfile needs one manual run first)`,
    );
  }
  return {
    job,
    exists: true,
    buildable: info.buildable,
    parameters: info.parameters,
    missing,
    declaresPromotionId: info.parameters.includes('PROMOTION_ID'),
    problems,
  };
}
