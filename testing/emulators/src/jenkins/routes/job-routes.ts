import type { Request, RequestHandler, Response } from 'express';
import type { EmulatorContext } from '../context';
import { sendNotFound } from '../http-errors';
import type { Build, Job } from '../job';
import { parseJobPath } from '../urls';
import { buildJson } from '../views/build-view';
import { folderJson, jobJson } from '../views/job-view';
import { sendApi } from './api';
import { createItem, folderConfig, jobConfig } from './config-routes';
import { buildWithParameters } from './trigger-routes';

const PERMALINKS: Record<string, (b: Build) => boolean> = {
  lastBuild: () => true,
  lastCompletedBuild: (b) => !b.building,
  lastSuccessfulBuild: (b) => b.result === 'SUCCESS' || b.result === 'UNSTABLE',
  lastStableBuild: (b) => b.result === 'SUCCESS',
  lastFailedBuild: (b) => b.result === 'FAILURE',
  lastUnstableBuild: (b) => b.result === 'UNSTABLE',
  lastUnsuccessfulBuild: (b) => !b.building && b.result !== 'SUCCESS',
};

function findBuild(job: Job, segment: string): Build | undefined {
  if (/^\d+$/.test(segment)) return job.build(Number(segment));
  const pick = Object.hasOwn(PERMALINKS, segment) ? PERMALINKS[segment] : undefined;
  return pick ? job.latest(pick) : undefined;
}

function isApiJson(rest: readonly string[]): boolean {
  return rest.length === 2 && rest[0] === 'api' && rest[1] === 'json';
}

function html(res: Response, title: string): void {
  res
    .status(200)
    .type('text/html;charset=utf-8')
    .send(`<!DOCTYPE html><html><head><title>${title} [Jenkins]</title></head><body></body></html>`);
}

function folderRoute(
  ctx: EmulatorContext,
  req: Request,
  res: Response,
  folder: string,
  rest: string[],
): void {
  const [action] = rest;
  if (rest.length === 0) return html(res, folder);
  if (isApiJson(rest)) return sendApi(req, res, () => folderJson(ctx.base(), ctx.store, folder));
  if (rest.length === 1 && action === 'createItem' && req.method === 'POST') {
    return createItem(ctx, req, res, folder);
  }
  if (rest.length === 1 && action === 'config.xml') return folderConfig(ctx, req, res, folder);
  sendNotFound(res, req.path);
}

function jobRoute(ctx: EmulatorContext, req: Request, res: Response, job: Job, rest: string[]): void {
  const [action, ...more] = rest;
  if (action === undefined) return html(res, job.fullName);
  if (isApiJson(rest)) {
    return sendApi(req, res, (shape) =>
      jobJson(ctx.base(), job, {
        depth: shape.depth,
        queueItem: ctx.queue.itemFor(job),
        allBuilds: shape.wants('allBuilds'),
      }),
    );
  }
  if (more.length === 0) {
    if (action === 'buildWithParameters') return buildWithParameters(ctx, req, res, job);
    if (action === 'config.xml') return jobConfig(ctx, req, res, job);
  }
  const run = findBuild(job, action);
  if (run && more.length === 0) return html(res, `${job.fullName} #${run.number}`);
  if (run && isApiJson(more)) return sendApi(req, res, () => buildJson(ctx.base(), job, run));
  sendNotFound(res, req.path);
}

/** Everything under /job/<name>[/job/<name>…]/: folders, jobs, builds. */
export function jobRoutes(ctx: EmulatorContext): RequestHandler {
  return (req, res, next) => {
    if (!req.path.startsWith('/job/')) return next();
    const parsed = parseJobPath(req.path);
    if (!parsed) return sendNotFound(res, req.path);
    const { fullName, rest } = parsed;
    if (ctx.store.isFolder(fullName)) return folderRoute(ctx, req, res, fullName, rest);
    const job = ctx.store.job(fullName);
    if (!job) return sendNotFound(res, req.path);
    jobRoute(ctx, req, res, job, rest);
  };
}
