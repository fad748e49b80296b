import type { IncomingMessage, ServerResponse } from 'node:http';
import { REDACT_PATHS } from './logger';

const CENSOR = '[redacted]';

/** Header names REDACT_PATHS lists under `<root>.headers` (`req.headers.cookie`, `req.headers["x-gitlab-token"]`). */
function redactedHeaderNames(root: 'req' | 'res'): ReadonlySet<string> {
  const pattern = new RegExp(`^${root}\\.headers(?:\\.([\\w-]+)|\\["([^"]+)"\\])$`);
  const names = new Set<string>();
  for (const path of REDACT_PATHS) {
    const match = pattern.exec(path);
    const name = match?.[1] ?? match?.[2];
    if (name) names.add(name.toLowerCase());
  }
  return names;
}

const REQUEST_SECRETS = redactedHeaderNames('req');
const RESPONSE_SECRETS = redactedHeaderNames('res');

function headers(
  source: NodeJS.Dict<string | string[] | number>,
  secrets: ReadonlySet<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(source)) out[name] = secrets.has(name) ? CENSOR : value;
  return out;
}

/**
 * `req` and `res` of a request log line, with the headers REDACT_PATHS names censored as they are
 * copied. Used with a logger whose own redaction is off: pino's path redaction clones the objects it
 * redacts on every line, which made it the largest part of logging a webhook.
 */
export const httpSerializers = {
  req: (req: IncomingMessage & { originalUrl?: string }) => ({
    method: req.method,
    url: req.originalUrl ?? req.url,
    headers: headers(req.headers, REQUEST_SECRETS),
    remoteAddress: req.socket?.remoteAddress,
    remotePort: req.socket?.remotePort,
  }),
  res: (res: ServerResponse) => ({
    statusCode: res.statusCode,
    headers: headers(res.getHeaders(), RESPONSE_SECRETS),
  }),
};
