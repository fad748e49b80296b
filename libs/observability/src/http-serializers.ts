import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECRET_REQUEST_HEADERS, SECRET_RESPONSE_HEADERS } from './logger';

const CENSOR = '[redacted]';
const REQUEST_SECRETS: ReadonlySet<string> = new Set(SECRET_REQUEST_HEADERS);
const RESPONSE_SECRETS: ReadonlySet<string> = new Set(SECRET_RESPONSE_HEADERS);

function headers(
  source: NodeJS.Dict<string | string[] | number>,
  secrets: ReadonlySet<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(source)) out[name] = secrets.has(name) ? CENSOR : value;
  return out;
}

/**
 * `req` and `res` of a request log line, with the secret headers (the ones REDACT_PATHS names too)
 * censored as they are copied. Used with a logger whose own redaction is off: pino's path redaction
 * clones the objects it redacts on every line, which made it the largest part of logging a webhook.
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
