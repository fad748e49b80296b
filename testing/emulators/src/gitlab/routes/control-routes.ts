import { Router, type NextFunction, type Request, type Response } from 'express';
import { FreezePeriodValidationError, freezePeriodEntity } from '../model/freeze-periods';
import { MergeRequestError } from '../model/merge-requests';
import type { FileChanges } from '../model/types';
import type { EmulatedProject } from '../project';
import { mergedParams, str, type ApiHost } from './http';
import { mergeRequestJson } from './merge-request-routes';

/**
 * Sandbox control routes under /__emulator (what `auto-promote-sandbox` drives: commits, merge requests, merges):
 * thin wrappers over the in-process control API. No auth, exempt from faults, and only answered to loopback
 * clients.
 */

export const CONTROL_PREFIX = '/__emulator';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function loopbackOnly(req: Request, res: Response, next: NextFunction): void {
  if (LOOPBACK.has(req.socket.remoteAddress ?? '')) return next();
  res.status(403).json({ message: '403 Forbidden' });
}

function fileChanges(value: unknown): FileChanges {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('files must be an object');
  const files: FileChanges = {};
  for (const [path, content] of Object.entries(value as Record<string, unknown>)) {
    if (content !== null && typeof content !== 'string')
      throw new Error(`files[${path}] must be a string or null`);
    files[path] = content;
  }
  return files;
}

type ControlHandler = (req: Request, res: Response) => Promise<void> | void;

function handle(handler: ControlHandler) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      await handler(req, res);
    } catch (error) {
      // A refused merge keeps GitLab's status; anything else is a bad control request.
      if (error instanceof MergeRequestError || error instanceof FreezePeriodValidationError)
        res.status(error.status).json(error.body);
      else res.status(400).json({ error: error instanceof Error ? error.message : String(error) });
    }
  };
}

export function createControlRouter(host: ApiHost): Router {
  const router = Router();
  router.use(loopbackOnly);
  const project = (req: Request): EmulatedProject => {
    const id = req.params['id'];
    const found = typeof id === 'string' ? host.findProject(id) : undefined;
    if (!found) throw new Error(`unknown project ${String(id)}`);
    return found;
  };

  router.post(
    '/projects/:id/commits',
    handle(async (req, res) => {
      const body = mergedParams(req);
      const branch = str(body['branch']);
      if (branch === undefined) throw new Error('branch is missing');
      const sha = await project(req).commit({
        branch,
        files: fileChanges(body['files']),
        message: str(body['message']) ?? 'Emulated commit',
        ...(str(body['start_branch']) === undefined ? {} : { startBranch: str(body['start_branch']) }),
      });
      res.status(201).json({ id: sha, branch });
    }),
  );

  router.get(
    '/projects/:id/merge_requests',
    handle(async (req, res) => {
      const target = project(req);
      const state = str(req.query['state']);
      const list = target.mergeRequests(state === undefined ? {} : { state });
      res.json(await Promise.all(list.map((mr) => mergeRequestJson(target, mr, host))));
    }),
  );

  router.post(
    '/projects/:id/merge_requests/:iid/merge',
    handle(async (req, res) => {
      const target = project(req);
      const mr = await target.mergeMergeRequest(Number(req.params['iid']));
      res.json(await mergeRequestJson(target, mr, host));
    }),
  );

  // Seeds a Deploy Freeze period without a token (the sandbox's calendar); validated like the API.
  router.post(
    '/projects/:id/freeze_periods',
    handle((req, res) => {
      const body = mergedParams(req);
      const period = project(req).freezePeriods.create(
        {
          freezeStart: str(body['freeze_start']) ?? '',
          freezeEnd: str(body['freeze_end']) ?? '',
          ...(str(body['cron_timezone']) === undefined ? {} : { cronTimezone: str(body['cron_timezone']) }),
        },
        new Date(host.now()).toISOString(),
      );
      res.status(201).json(freezePeriodEntity(period));
    }),
  );

  return router;
}
