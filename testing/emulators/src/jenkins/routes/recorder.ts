import type { RequestHandler } from 'express';
import type { EmulatorContext } from '../context';
import { parseJobPath } from '../urls';
import type { TriggerRecord } from '../types';
import { maybeInfo } from './request-info';

function triggerEndpoint(path: string): { job: string; endpoint: TriggerRecord['endpoint'] } | undefined {
  const parsed = parseJobPath(path);
  const action = parsed?.rest.length === 1 ? parsed.rest[0] : undefined;
  if (!parsed || action !== 'buildWithParameters') return undefined;
  return { job: parsed.fullName, endpoint: action };
}

/**
 * Mounted before the fault switch, so injected failures are counted too: `requests` holds every
 * answered API call and `triggers` every answered build request, whatever its status.
 */
export function recorder(ctx: EmulatorContext): RequestHandler {
  return (req, res, next) => {
    const path = req.path;
    res.once('finish', () => {
      const at = Date.now();
      ctx.requests.push({ method: req.method, path, status: res.statusCode, at });
      const endpoint = triggerEndpoint(path);
      if (!endpoint) return;
      const known = maybeInfo(req)?.trigger;
      const record: TriggerRecord = {
        job: known?.job ?? endpoint.job,
        endpoint: endpoint.endpoint,
        params: known?.params ?? {},
        status: res.statusCode,
        at,
      };
      if (known?.queueId !== undefined) record.queueId = known.queueId;
      ctx.triggers.push(record);
    });
    next();
  };
}
