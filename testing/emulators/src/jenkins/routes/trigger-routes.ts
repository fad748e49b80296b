import type { Request, Response } from 'express';
import { hasPermission } from '../auth';
import type { EmulatorContext } from '../context';
import { sendAccessDenied, sendContainerError, sendText } from '../http-errors';
import type { Job } from '../job';
import { ParameterError, resolveParameters, toRecord, type ParamValue } from '../parameters';
import { DelayError, parseDelayMs } from '../time';
import { queueItemUrl } from '../urls';
import { info, param } from './request-info';

/** `delay` if given (whole seconds, as the queue keeps them), else no quiet period. */
function quietPeriod(req: Request): number {
  const delay = param(req, 'delay');
  return delay === undefined ? 0 : parseDelayMs(delay);
}

function requirePost(req: Request, res: Response): boolean {
  if (req.method === 'POST') return true;
  res.setHeader('Allow', 'POST');
  sendContainerError(res, 405, 'This URL requires POST', req.path);
  return false;
}

/** Maps the exceptions Jenkins turns into 500 (IllegalArgumentException from binding/values). */
function guard(res: Response, work: () => void): void {
  try {
    work();
  } catch (error) {
    if (error instanceof ParameterError || error instanceof DelayError) {
      sendText(res, 500, `java.lang.IllegalArgumentException: ${error.message}`);
      return;
    }
    throw error;
  }
}

function schedule(
  ctx: EmulatorContext,
  req: Request,
  job: Job,
  params: ParamValue[] | null,
  quietMs: number,
): ReturnType<EmulatorContext['queue']['schedule']> {
  const request = info(req);
  const result = ctx.queue.schedule(job, params, quietMs, request.identity.user);
  request.trigger = { job: job.fullName, params: toRecord(params), queueId: result.item.id };
  return result;
}

/**
 * POST …/buildWithParameters: ParameterizedJobMixIn#doBuildWithParameters then
 * ParametersDefinitionProperty#buildWithParameters (303 for a merged request since 2.308).
 */
export function buildWithParameters(ctx: EmulatorContext, req: Request, res: Response, job: Job): void {
  const request = info(req);
  request.trigger = { job: job.fullName, params: {} };
  guard(res, () => {
    const quietMs = quietPeriod(req);
    if (!hasPermission(ctx.users, request.identity, 'build')) {
      return sendAccessDenied(res, request.identity, 'build');
    }
    if (!requirePost(req, res)) return;
    if (job.disabled) return sendText(res, 409, `${job.fullName} is not buildable`);
    if (job.parameters === null) return sendText(res, 400, `${job.fullName} is not parameterized`);
    const values = resolveParameters(job.parameters, (name) => request.params.get(name));
    request.trigger = { job: job.fullName, params: toRecord(values) };
    const { item, created } = schedule(ctx, req, job, values, quietMs);
    ctx.onTriggerAccepted({ job: job.fullName, params: toRecord(values), queueId: item.id, created });
    res
      .status(created ? 201 : 303)
      .location(queueItemUrl(ctx.base(), item.id))
      .end();
  });
}
