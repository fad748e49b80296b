import axios, { type AxiosInstance, type AxiosResponse, type Method } from 'axios';
import { networkFailure, triggerRefusal } from './classify-response';
import { JenkinsConfigError, JenkinsUnavailableError } from './errors/jenkins-error';
import type { JenkinsClientOptions } from './jenkins-types';

interface Crumb {
  field: string;
  value: string;
  cookie: string | null;
}

const CRUMB_REFUSAL = /crumb/i;

/**
 * HTTP to JENKINS_URL only, with basic auth: every request timed through `instrument`, network failures
 * classified, and a crumb fetched only when Jenkins refuses a POST for lack of one (its session cookie is
 * sent back with it).
 */
export class JenkinsHttp {
  private readonly http: AxiosInstance;
  private readonly instrument: NonNullable<JenkinsClientOptions['instrument']>;
  private crumb: Crumb | null = null;

  constructor(private readonly options: JenkinsClientOptions) {
    this.http = axios.create({
      baseURL: options.url,
      timeout: options.timeoutMs ?? 10_000,
      auth: { username: options.user, password: options.apiToken },
      maxRedirects: 0,
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: (data: unknown) => data,
    });
    this.instrument = options.instrument ?? ((_, call) => call());
  }

  async request(
    operation: string,
    method: Method,
    path: string,
    init: { data?: string; headers?: Record<string, string> } = {},
  ): Promise<AxiosResponse<string>> {
    try {
      return await this.instrument(operation, () =>
        this.http.request<string>({ method, url: path, data: init.data, headers: init.headers }),
      );
    } catch (error) {
      throw networkFailure(operation, error);
    }
  }

  async getJson<T>(operation: string, path: string): Promise<T | null> {
    const response = await this.request(operation, 'GET', path);
    if (response.status === 404) return null;
    if (response.status === 401 || response.status === 403)
      throw triggerRefusal(response.status, '', this.options.job);
    if (response.status >= 400)
      throw new JenkinsUnavailableError(`${operation}: Jenkins answered ${response.status}`, response.status);
    try {
      return JSON.parse(response.data) as T;
    } catch {
      throw new JenkinsUnavailableError(`${operation}: Jenkins answered something that is not JSON`);
    }
  }

  private async fetchCrumb(): Promise<Crumb> {
    const response = await this.request('get crumb', 'GET', '/crumbIssuer/api/json');
    if (response.status !== 200) {
      if (response.status >= 500)
        throw new JenkinsUnavailableError(`get crumb: Jenkins answered ${response.status}`);
      throw new JenkinsConfigError(
        `Jenkins asked for a CSRF crumb but /crumbIssuer answered ${response.status}: use an API token for JENKINS_API_TOKEN`,
        response.status,
      );
    }
    const body = JSON.parse(response.data) as { crumb?: string; crumbRequestField?: string };
    if (!body.crumb || !body.crumbRequestField)
      throw new JenkinsUnavailableError('get crumb: malformed answer');
    const setCookie: unknown = response.headers['set-cookie'];
    const cookies = Array.isArray(setCookie)
      ? (setCookie as string[])
      : typeof setCookie === 'string'
        ? [setCookie]
        : [];
    const cookie = cookies.length > 0 ? cookies.map((c) => c.split(';')[0]).join('; ') : null;
    return { field: body.crumbRequestField, value: body.crumb, cookie };
  }

  private crumbHeaders(): Record<string, string> {
    if (!this.crumb) return {};
    return {
      [this.crumb.field]: this.crumb.value,
      ...(this.crumb.cookie ? { Cookie: this.crumb.cookie } : {}),
    };
  }

  /** POST with a crumb only when Jenkins refuses for lack of one (API tokens normally need none). */
  async post(
    operation: string,
    path: string,
    form: URLSearchParams | { xml: string },
  ): Promise<AxiosResponse<string>> {
    const [data, contentType] =
      form instanceof URLSearchParams
        ? [form.toString(), 'application/x-www-form-urlencoded']
        : [form.xml, 'application/xml; charset=utf-8'];
    const send = () =>
      this.request(operation, 'POST', path, {
        data,
        headers: { 'Content-Type': contentType, ...this.crumbHeaders() },
      });
    let response = await send();
    if (response.status === 403 && CRUMB_REFUSAL.test(response.data ?? '')) {
      this.crumb = await this.fetchCrumb();
      response = await send();
    }
    return response;
  }
}
