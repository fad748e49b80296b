import type { JenkinsClient } from '@auto-promote/jenkins';
import { checkJenkinsJob, type JobCheck } from './check-jenkins-job';
import { normalizeConfigXml } from './jenkins-config-xml';

export interface SetupJenkinsOptions {
  /** A config.xml for JENKINS_JOB: the job is created or updated to it. Without it the job is only checked. */
  jobConfigXml?: string;
  /** Show what would change; write nothing. Default false. */
  dryRun?: boolean;
}

export interface SetupJenkinsResult {
  action: 'created' | 'updated' | 'unchanged' | 'checked';
  job: string;
  dryRun: boolean;
  /** The job as Jenkins has it afterwards; null in a dry run that would create it. */
  check: JobCheck | null;
}

/**
 * Makes JENKINS_JOB usable by auto-promote. With a config.xml the job is created (in its folder, which must
 * exist) or updated, idempotently: `unchanged` — and no write call — when the stored config.xml equals the
 * file up to whitespace and the XML declaration. Then (and without a config.xml) the job is checked.
 */
export async function setupJenkins(
  jenkins: JenkinsClient,
  options: SetupJenkinsOptions = {},
): Promise<SetupJenkinsResult> {
  const job = jenkins.jobName;
  const dryRun = options.dryRun === true;
  if (options.jobConfigXml === undefined)
    return { action: 'checked', job, dryRun, check: await checkJenkinsJob(jenkins) };
  const stored = await jenkins.jobConfigXml();
  let action: SetupJenkinsResult['action'];
  if (stored === null) {
    action = 'created';
    if (!dryRun) await jenkins.createJob(options.jobConfigXml);
  } else if (normalizeConfigXml(stored) === normalizeConfigXml(options.jobConfigXml)) {
    action = 'unchanged';
  } else {
    action = 'updated';
    if (!dryRun) await jenkins.updateJobConfig(options.jobConfigXml);
  }
  const check = dryRun && action === 'created' ? null : await checkJenkinsJob(jenkins);
  return { action, job, dryRun, check };
}
