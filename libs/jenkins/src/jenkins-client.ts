import type { AxiosResponse } from 'axios';
import { triggerRefusal } from './classify-response';
import { JenkinsConfigError, JenkinsUnavailableError } from './errors/jenkins-error';
import { JenkinsHttp } from './jenkins-http';
import { jobPath, queueIdFromLocation } from './jenkins-paths';
import type {
  BuildRef,
  BuildState,
  JenkinsClientOptions,
  JobInfo,
  QueueItemState,
  TriggerResult,
} from './jenkins-types';

export type * from './jenkins-types';

const BUILD_PAGE = 100;

type WithParameters = { actions?: Array<{ parameters?: Array<{ name: string; value: unknown }> } | null> };

interface ListedBuild extends WithParameters {
  number: number;
  url: string;
  queueId?: number;
  building?: boolean;
  result?: string | null;
  timestamp?: number;
}

/**
 * The Jenkins remote API calls auto-promote makes (transport, auth and crumbs in `JenkinsHttp`).
 */
export class JenkinsClient {
  private readonly http: JenkinsHttp;
  private readonly jobPath: string;

  constructor(private readonly options: JenkinsClientOptions) {
    this.http = new JenkinsHttp(options);
    this.jobPath = jobPath(options.job);
  }

  get jobName(): string {
    return this.options.job;
  }

  /** Queues a build with parameters; 201 (new item) and 303 (identical item waiting) both count as accepted. */
  async trigger(parameters: Record<string, string>): Promise<TriggerResult> {
    const form = new URLSearchParams({ ...parameters, delay: '0sec' });
    const response = await this.http.post('trigger build', `${this.jobPath}/buildWithParameters`, form);
    if (response.status === 201 || response.status === 303) {
      const location = response.headers['location'] as string | undefined;
      const queueId = queueIdFromLocation(location);
      if (queueId === null) {
        throw new JenkinsUnavailableError(
          `trigger build: Jenkins answered ${response.status} without a queue item`,
        );
      }
      return {
        queueId,
        queueUrl: `${this.options.url}/queue/item/${queueId}/`,
        merged: response.status === 303,
      };
    }
    throw triggerRefusal(response.status, response.data ?? '', this.options.job);
  }

  /** State of a queue item, or null once Jenkins has forgotten it (about 5 minutes after it left). */
  async queueItem(queueId: number): Promise<QueueItemState | null> {
    const item = await this.http.getJson<{
      id: number;
      cancelled?: boolean;
      why?: string | null;
      executable?: { number: number; url: string } | null;
    }>('get queue item', `/queue/item/${queueId}/api/json`);
    if (!item) return null;
    return {
      id: item.id,
      cancelled: Boolean(item.cancelled),
      executable: item.executable ? { number: item.executable.number, url: item.executable.url } : null,
      why: item.why ?? null,
    };
  }

  async build(number: number): Promise<BuildState | null> {
    const build = await this.http.getJson<{
      number: number;
      url: string;
      queueId?: number;
      building: boolean;
      result: string | null;
    }>('get build', `${this.jobPath}/${number}/api/json?tree=number,url,queueId,building,result`);
    if (!build) return null;
    return {
      number: build.number,
      url: build.url,
      queueId: build.queueId ?? null,
      building: build.building,
      result: build.result,
    };
  }

  /**
   * Newest-first search of the job's builds, a page of 100 at a time through `allBuilds` (`builds` stops
   * at 100), until a match or builds older than `since` (with ten minutes of clock-skew margin).
   */
  private async searchBuilds(
    matches: (build: ListedBuild) => boolean,
    since: number,
  ): Promise<ListedBuild | null> {
    const oldest = since - 10 * 60_000;
    for (let from = 0; from < 10_000; from += BUILD_PAGE) {
      const fields = 'number,url,queueId,building,result,timestamp,actions[parameters[name,value]]';
      const job = await this.http.getJson<{ allBuilds?: ListedBuild[] }>(
        'list builds',
        `${this.jobPath}/api/json?tree=allBuilds[${fields}]{${from},${from + BUILD_PAGE}}`,
      );
      if (!job) throw triggerRefusal(404, '', this.options.job);
      const page = job.allBuilds ?? [];
      const found = page.find(matches);
      if (found) return found;
      if (page.length < BUILD_PAGE || page.some((b) => (b.timestamp ?? 0) < oldest)) return null;
    }
    return null;
  }

  /** The build that came from a queue item, found among the job's builds (after the item expired). */
  async findBuildByQueueId(queueId: number, since = 0): Promise<BuildState | null> {
    const build = await this.searchBuilds((b) => b.queueId === queueId, since);
    return build
      ? {
          number: build.number,
          url: build.url,
          queueId,
          building: Boolean(build.building),
          result: build.result ?? null,
        }
      : null;
  }

  /**
   * A queue item or build of the job carrying PROMOTION_ID = `promotionId`, queued after `since`:
   * after a crash between "Jenkins accepted" and "recorded", this is how a retry adopts the trigger
   * instead of repeating it.
   */
  async findByPromotionId(
    promotionId: string,
    since: number,
  ): Promise<{ queueId: number; queueUrl: string; build: BuildRef | null } | null> {
    const carries = (entry: WithParameters): boolean =>
      (entry.actions ?? []).some((a) =>
        (a?.parameters ?? []).some((p) => p.name === 'PROMOTION_ID' && p.value === promotionId),
      );
    const queue = await this.http.getJson<{
      items?: Array<WithParameters & { id: number; task?: { url?: string } }>;
    }>('list queue', '/queue/api/json?tree=items[id,task[url],actions[parameters[name,value]]]');
    const ownJob = (url: string | undefined): boolean =>
      (url ?? '').replace(/\/$/, '').endsWith(this.jobPath);
    const waiting = (queue?.items ?? []).find((item) => ownJob(item.task?.url) && carries(item));
    if (waiting) {
      return { queueId: waiting.id, queueUrl: `${this.options.url}/queue/item/${waiting.id}/`, build: null };
    }
    const build = await this.searchBuilds(carries, since);
    if (!build || build.queueId === undefined) return null;
    return {
      queueId: build.queueId,
      queueUrl: `${this.options.url}/queue/item/${build.queueId}/`,
      build: { number: build.number, url: build.url },
    };
  }

  /** Whether the job exists, is buildable, and which parameters it declares. */
  async jobInfo(): Promise<JobInfo | null> {
    const job = await this.http.getJson<{
      buildable?: boolean;
      property?: Array<{ parameterDefinitions?: Array<{ name: string }> }>;
    }>('get job', `${this.jobPath}/api/json`);
    if (!job) return null;
    const parameters = (job.property ?? []).flatMap((p) => (p.parameterDefinitions ?? []).map((d) => d.name));
    return { buildable: job.buildable !== false, parameters };
  }

  /** Jenkins' version (X-Jenkins header) and whether CSRF protection (crumbs) is on. */
  async rootInfo(): Promise<{ version: string | null; useCrumbs: boolean }> {
    const response = await this.http.request('get root', 'GET', '/api/json?tree=useCrumbs,useSecurity');
    if (response.status === 401 || response.status === 403)
      throw triggerRefusal(response.status, '', this.options.job);
    if (response.status >= 400)
      throw new JenkinsUnavailableError(`get root: Jenkins answered ${response.status}`, response.status);
    const version = response.headers['x-jenkins'] as string | undefined;
    try {
      const useCrumbs = (JSON.parse(response.data) as { useCrumbs?: boolean }).useCrumbs === true;
      return { version: version ?? null, useCrumbs };
    } catch {
      throw new JenkinsUnavailableError('get root: Jenkins answered something that is not JSON');
    }
  }

  /** Who Jenkins takes the caller for; `anonymous` means the credentials were not used. */
  async whoAmI(): Promise<{ name: string; anonymous: boolean }> {
    const me = await this.http.getJson<{ name?: string; anonymous?: boolean }>(
      'who am I',
      '/whoAmI/api/json',
    );
    return { name: me?.name ?? 'anonymous', anonymous: me?.anonymous !== false };
  }

  /** The job's config.xml, or null when the job does not exist. */
  async jobConfigXml(): Promise<string | null> {
    const response = await this.http.request('get job config', 'GET', `${this.jobPath}/config.xml`);
    if (response.status === 404) return null;
    if (response.status === 401 || response.status === 403)
      throw triggerRefusal(response.status, '', this.options.job);
    if (response.status >= 400)
      throw new JenkinsUnavailableError(
        `get job config: Jenkins answered ${response.status}`,
        response.status,
      );
    return response.data;
  }

  /** Creates the job from a config.xml, in its folder (which must exist). */
  async createJob(xml: string): Promise<void> {
    const segments = this.options.job.split('/').filter((s) => s.length > 0);
    const name = segments.pop() ?? '';
    const parent = jobPath(segments.join('/'));
    const response = await this.http.post(
      'create job',
      `${parent}/createItem?name=${encodeURIComponent(name)}`,
      {
        xml,
      },
    );
    this.expectWritten('create job', response);
  }

  /** Replaces the job's config.xml. */
  async updateJobConfig(xml: string): Promise<void> {
    const response = await this.http.post('update job config', `${this.jobPath}/config.xml`, { xml });
    this.expectWritten('update job config', response);
  }

  private expectWritten(operation: string, response: AxiosResponse<string>): void {
    if (response.status >= 200 && response.status < 400) return;
    if (response.status === 429 || response.status >= 500)
      throw new JenkinsUnavailableError(`${operation}: Jenkins answered ${response.status}`, response.status);
    if (response.status === 401 || response.status === 403) {
      throw new JenkinsConfigError(
        response.status === 401
          ? 'Jenkins answered 401: check JENKINS_USER and JENKINS_API_TOKEN'
          : `Jenkins answered 403: JENKINS_USER needs the Job/Create and Job/Configure permissions for '${this.options.job}'`,
        response.status,
      );
    }
    const text = (response.data ?? '')
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 200);
    throw new JenkinsConfigError(
      `${operation}: Jenkins answered ${response.status}${text ? ` (${text})` : ''}` +
        (response.status === 404 ? `: the folder of '${this.options.job}' must exist` : ''),
      response.status,
    );
  }
}
