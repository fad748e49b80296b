import type { Request } from 'express';
import type { Identity } from '../auth';
import type { TriggerRecord } from '../types';

/** Per-request facts the middleware chain works out once. */
export interface RequestInfo {
  /** Query and urlencoded form values merged (query first), as ServletRequest#getParameterValues. */
  params: Map<string, string[]>;
  body: Buffer;
  identity: Identity;
  /** The session named by the request's cookie, if the emulator knows it. */
  sessionId: string | undefined;
  /** Filled by the trigger routes; recorded when the response finishes. */
  trigger: Pick<TriggerRecord, 'job' | 'params' | 'queueId'> | undefined;
}

const infos = new WeakMap<Request, RequestInfo>();

export function setInfo(req: Request, info: RequestInfo): void {
  infos.set(req, info);
}

export function info(req: Request): RequestInfo {
  const found = infos.get(req);
  if (!found) throw new Error('request info missing: middleware order is wrong');
  return found;
}

export function maybeInfo(req: Request): RequestInfo | undefined {
  return infos.get(req);
}

export function param(req: Request, name: string): string | undefined {
  return info(req).params.get(name)?.[0];
}

/** Parses the query string and an urlencoded body into one multi-valued map. */
export function collectParams(
  originalUrl: string,
  contentType: string | undefined,
  body: Buffer,
): Map<string, string[]> {
  const params = new Map<string, string[]>();
  const add = (search: URLSearchParams): void => {
    for (const [k, v] of search) params.set(k, [...(params.get(k) ?? []), v]);
  };
  const q = originalUrl.indexOf('?');
  if (q >= 0) add(new URLSearchParams(originalUrl.slice(q + 1)));
  if ((contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    add(new URLSearchParams(body.toString('utf8')));
  }
  return params;
}
