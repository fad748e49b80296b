import type { Router } from 'express';
import { hookEntity } from '../entities/collaboration-entities';
import {
  HOOK_EVENT_FLAGS,
  type CustomHeader,
  type HookAttributes,
  type HookEventFlag,
  type ProjectHook,
} from '../hooks/project-hook';
import {
  ApiError,
  bool,
  defineRoute,
  int,
  notFound,
  sendPage,
  str,
  pathParam,
  type ApiHost,
  type Params,
} from './http';

/** Project webhook CRUD: /projects/:id/hooks. */

function customHeaders(value: unknown): CustomHeader[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const headers: CustomHeader[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue;
    const record = item as Params;
    const key = str(record['key']);
    if (key !== undefined) headers.push({ key, value: str(record['value']) ?? '' });
  }
  return headers;
}

/** Only keys present in the request are set, so an edit leaves the rest untouched. */
export function hookAttributes(params: Params, olderGitLab = false): HookAttributes {
  const attrs: HookAttributes = {};
  const text = (name: keyof HookAttributes): string | undefined => str(params[name]);
  const url = text('url');
  if (url !== undefined) attrs.url = url;
  const token = text('token');
  if (token !== undefined) attrs.token = token;
  const name = text('name');
  if (name !== undefined) attrs.name = name;
  const description = text('description');
  if (description !== undefined) attrs.description = description;
  const filter = text('push_events_branch_filter');
  if (filter !== undefined) attrs.push_events_branch_filter = filter;
  // Older GitLab does not know the parameter: the filter stays a wildcard pattern.
  const strategy = olderGitLab ? undefined : text('branch_filter_strategy');
  if (strategy !== undefined) attrs.branch_filter_strategy = strategy;
  const ssl = bool(params['enable_ssl_verification']);
  if (ssl !== undefined) attrs.enable_ssl_verification = ssl;
  const headers = customHeaders(params['custom_headers']);
  if (headers !== undefined) attrs.custom_headers = headers;
  const events: Partial<Record<HookEventFlag, boolean>> = {};
  for (const flag of HOOK_EVENT_FLAGS) {
    const value = bool(params[flag]);
    if (value !== undefined) events[flag] = value;
  }
  attrs.events = events;
  return attrs;
}

export function registerHookRoutes(router: Router, host: ApiHost): void {
  const hookId = (raw: unknown): number => {
    const id = int(raw);
    if (id === undefined) throw new ApiError(400, { error: 'hook_id is invalid' });
    return id;
  };
  const entity = (hook: ProjectHook): Record<string, unknown> => {
    // Older GitLab reports neither the filter strategy nor auto-disabling (alert_status, disabled_until: 15.1+).
    const {
      branch_filter_strategy: _strategy,
      alert_status: _alert,
      disabled_until: _until,
      ...older
    } = hookEntity(hook, host.now());
    return host.olderGitLab ? older : hookEntity(hook, host.now());
  };

  defineRoute(router, host, 'get', '/projects/:id/hooks', (req, res, scope) => {
    const hooks = scope.project().hooks.list();
    sendPage(req, res, hooks.map(entity));
  });

  defineRoute(router, host, 'get', '/projects/:id/hooks/:hook_id', (req, res, scope) => {
    const hook = scope.project().hooks.get(hookId(pathParam(req, 'hook_id')));
    res.json(entity(hook));
  });

  defineRoute(router, host, 'post', '/projects/:id/hooks', (_req, res, scope) => {
    const project = scope.project();
    const hook = project.hooks.add(
      hookAttributes(scope.params, host.olderGitLab),
      new Date(host.now()).toISOString(),
    );
    res.status(201).json(entity(hook));
  });

  defineRoute(router, host, 'put', '/projects/:id/hooks/:hook_id', (req, res, scope) => {
    const hook = scope
      .project()
      .hooks.update(hookId(pathParam(req, 'hook_id')), hookAttributes(scope.params, host.olderGitLab));
    res.json(entity(hook));
  });

  // GitLab 17.1+: a test event to one hook, whatever its branch filter. Only push_events is emulated.
  defineRoute(router, host, 'post', '/projects/:id/hooks/:hook_id/test/:trigger', async (req, res, scope) => {
    if (host.olderGitLab) throw notFound();
    const project = scope.project();
    const id = hookId(pathParam(req, 'hook_id'));
    project.hooks.get(id);
    if (pathParam(req, 'trigger') !== 'push_events')
      throw new ApiError(400, { error: 'trigger does not have a valid value' });
    if (project.branchHead(project.defaultBranch) === undefined)
      throw new ApiError(422, { message: 'Ensure the project has at least one commit.' });
    const ok = await host.testPush(project, id);
    if (!ok) throw new ApiError(422, { message: 'Hook execution failed' });
    res.status(201).json({ message: '201 Created' });
  });

  defineRoute(router, host, 'delete', '/projects/:id/hooks/:hook_id', (req, res, scope) => {
    scope.project().hooks.remove(hookId(pathParam(req, 'hook_id')));
    res.status(204).end();
  });
}
