import type { Request, Response, Router } from 'express';
import { HookNotFoundError } from '../hooks/hook-registry';
import { HookValidationError } from '../hooks/project-hook';
import { StatusTransitionError } from '../model/commit-statuses';
import { FreezePeriodNotFoundError, FreezePeriodValidationError } from '../model/freeze-periods';
import { MergeRequestError } from '../model/merge-requests';
import type { GitLabUser } from '../model/types';
import type { EmulatedProject } from '../project';
import { pageRequest, paginate } from './pagination';

/** Shared plumbing for the REST routes: auth, parameters, GitLab error bodies, pagination. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(JSON.stringify(body));
    this.name = 'ApiError';
  }
}

/** `notFound('Project')` → 404 {"message":"404 Project Not Found"}; no argument → "404 Not Found". */
export function notFound(what?: string): ApiError {
  return new ApiError(404, { message: what === undefined ? '404 Not Found' : `404 ${what} Not Found` });
}

export const UNAUTHORIZED = new ApiError(401, { message: '401 Unauthorized' });

/** What the routes need from the emulator. */
export interface ApiHost {
  token: string;
  instanceUrl: string;
  user: GitLabUser;
  now(): number;
  compareMaxFiles(): number;
  findProject(idOrPath: string): EmulatedProject | undefined;
  /** GitLabEmulatorOptions.olderGitLab. */
  olderGitLab: boolean;
  /** Sends the hook a test push built from the default branch's head; the delivery's success. */
  testPush(project: EmulatedProject, hookId: number): Promise<boolean>;
}

export type Params = Record<string, unknown>;

export interface RequestScope {
  /** Query string and body merged, like Grape's params. */
  params: Params;
  /** The request carried the emulator's token. */
  authenticated: boolean;
  /** The :id project, honouring visibility for anonymous requests. */
  project(): EmulatedProject;
}

type Method = 'get' | 'post' | 'put' | 'delete';
export type RouteHandler = (req: Request, res: Response, scope: RequestScope) => Promise<void> | void;

function tokenOf(req: Request): string | undefined {
  const privateToken = req.get('private-token');
  if (privateToken !== undefined) return privateToken;
  const authorization = req.get('authorization');
  const bearer = authorization === undefined ? undefined : /^Bearer\s+(.+)$/i.exec(authorization)?.[1];
  if (bearer !== undefined) return bearer;
  const query = req.query['private_token'] ?? req.query['access_token'];
  return typeof query === 'string' ? query : undefined;
}

export function mergedParams(req: Request): Params {
  const body: unknown = req.body;
  const fromBody = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Params) : {};
  return { ...(req.query as Params), ...fromBody };
}

/** Maps domain errors to GitLab's status codes and bodies. */
function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof MergeRequestError || error instanceof HookValidationError) {
    return new ApiError(error.status, error.body);
  }
  if (error instanceof FreezePeriodValidationError) return new ApiError(error.status, error.body);
  if (error instanceof FreezePeriodNotFoundError) return new ApiError(404, { message: '404 Not found' });
  if (error instanceof HookNotFoundError) return new ApiError(404, { message: '404 Not found' });
  if (error instanceof StatusTransitionError) return new ApiError(400, { message: error.message });
  return new ApiError(500, { message: '500 Internal Server Error' });
}

/**
 * Registers a route and records its pattern for the request log. GitLab authenticates per endpoint: a wrong
 * token is always 401; no token is 401 for writes, while reads of a non-public project answer 404 (GitLab does
 * not reveal that a private project exists).
 */
export function defineRoute(
  router: Router,
  host: ApiHost,
  method: Method,
  pattern: string,
  handler: RouteHandler,
) {
  router[method](pattern, async (req: Request, res: Response) => {
    res.locals['route'] = `${method.toUpperCase()} ${pattern}`;
    const token = tokenOf(req);
    const authenticated = token !== undefined && token === host.token;
    try {
      if (token !== undefined && !authenticated) throw UNAUTHORIZED;
      if (!authenticated && method !== 'get') throw UNAUTHORIZED;
      const scope: RequestScope = {
        params: mergedParams(req),
        authenticated,
        project: () => {
          const id = req.params['id'];
          const project = typeof id === 'string' ? host.findProject(id) : undefined;
          if (!project || (!authenticated && project.visibility !== 'public')) throw notFound('Project');
          return project;
        },
      };
      await handler(req, res, scope);
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.status === 500) console.error('[gitlab-emulator]', error);
      res.status(apiError.status).json(apiError.body);
    }
  });
}

export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1' || value === 1) return true;
  if (value === 'false' || value === '0' || value === 0) return false;
  return undefined;
}

export function int(value: unknown): number | undefined {
  const text = str(value);
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/** Grape's "x is missing" validation, several names joined like Grape does. */
export function required(params: Params, ...names: string[]): string[] {
  const missing = names.filter((name) => {
    const value = str(params[name]);
    return value === undefined || value === '';
  });
  if (missing.length > 0)
    throw new ApiError(400, { error: missing.map((name) => `${name} is missing`).join(', ') });
  return names.map((name) => str(params[name]) ?? '');
}

export function invalidValue(name: string): ApiError {
  return new ApiError(400, { error: `${name} does not have a valid value` });
}

export function sendPage<T>(req: Request, res: Response, items: readonly T[]): void {
  const page = paginate(
    items,
    pageRequest(req.query as Params),
    `${req.protocol}://${req.get('host')}${req.originalUrl}`,
  );
  res.set(page.headers).json(page.items);
}

/** A decoded path parameter (`%2F` in an :id or :file_path arrives as "/"). */
export function pathParam(req: Request, name: string): string {
  const value = req.params[name];
  return typeof value === 'string' ? value : '';
}
