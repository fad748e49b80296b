import type { Router } from 'express';
import { freezePeriodEntity, type FreezePeriodInput } from '../model/freeze-periods';
import { isoUtc } from '../model/time';
import {
  ApiError,
  UNAUTHORIZED,
  defineRoute,
  int,
  pathParam,
  required,
  sendPage,
  str,
  type ApiHost,
} from './http';
import type { Params, RequestScope } from './http';

/**
 * The Freeze Periods API (GitLab 13.0+): /projects/:id/freeze_periods. Every endpoint authenticates first
 * (`before { authenticate! }`), so even a public project's periods need a token.
 */

function authenticated(scope: RequestScope) {
  if (!scope.authenticated) throw UNAUTHORIZED;
  return scope.project();
}

function periodId(raw: string): number {
  const id = int(raw);
  if (id === undefined) throw new ApiError(400, { error: 'freeze_period_id is invalid' });
  return id;
}

/** Only the parameters given (PUT declares them with include_missing: false). */
function input(params: Params): FreezePeriodInput {
  const value = (name: string) => str(params[name]);
  return {
    ...(value('freeze_start') === undefined ? {} : { freezeStart: value('freeze_start') }),
    ...(value('freeze_end') === undefined ? {} : { freezeEnd: value('freeze_end') }),
    ...(value('cron_timezone') === undefined ? {} : { cronTimezone: value('cron_timezone') }),
  };
}

export function registerFreezePeriodRoutes(router: Router, host: ApiHost): void {
  defineRoute(router, host, 'get', '/projects/:id/freeze_periods', (req, res, scope) => {
    const project = authenticated(scope);
    sendPage(req, res, project.freezePeriods.list().map(freezePeriodEntity));
  });

  defineRoute(router, host, 'get', '/projects/:id/freeze_periods/:freeze_period_id', (req, res, scope) => {
    const project = authenticated(scope);
    res.json(freezePeriodEntity(project.freezePeriods.get(periodId(pathParam(req, 'freeze_period_id')))));
  });

  defineRoute(router, host, 'post', '/projects/:id/freeze_periods', (_req, res, scope) => {
    const project = authenticated(scope);
    // Grape's `requires` accepts an empty string; the model then refuses it.
    const missing = ['freeze_start', 'freeze_end'].filter((name) => str(scope.params[name]) === undefined);
    if (missing.length > 0) required({}, ...missing);
    const given = input(scope.params);
    const period = project.freezePeriods.create(
      { ...given, freezeStart: given.freezeStart ?? '', freezeEnd: given.freezeEnd ?? '' },
      isoUtc(host.now()),
    );
    res.status(201).json(freezePeriodEntity(period));
  });

  defineRoute(router, host, 'put', '/projects/:id/freeze_periods/:freeze_period_id', (req, res, scope) => {
    const project = authenticated(scope);
    const id = periodId(pathParam(req, 'freeze_period_id'));
    res.json(freezePeriodEntity(project.freezePeriods.update(id, input(scope.params), isoUtc(host.now()))));
  });

  defineRoute(router, host, 'delete', '/projects/:id/freeze_periods/:freeze_period_id', (req, res, scope) => {
    const project = authenticated(scope);
    project.freezePeriods.remove(periodId(pathParam(req, 'freeze_period_id')));
    res.status(204).end();
  });
}
