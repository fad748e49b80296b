import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/** Request headers that carry secrets (lowercase, as node delivers them): censored wherever logged. */
export const SECRET_REQUEST_HEADERS: readonly string[] = [
  'authorization',
  'cookie',
  'x-gitlab-token',
  'private-token',
  'webhook-signature',
];
/** Response headers that carry secrets. */
export const SECRET_RESPONSE_HEADERS: readonly string[] = ['set-cookie'];

/**
 * Paths pino removes before a line is written. Tokens reach logs mostly through request headers and
 * through error objects of HTTP clients, so both shapes are covered.
 */
export const REDACT_PATHS = [
  ...SECRET_REQUEST_HEADERS.map((name) => `req.headers["${name}"]`),
  ...SECRET_RESPONSE_HEADERS.map((name) => `res.headers["${name}"]`),
  ...SECRET_REQUEST_HEADERS.map((name) => `headers["${name}"]`),
  '*.token',
  '*.password',
  '*.apiToken',
  '*.secret',
  '*.webhookSecrets',
  'err.config.headers',
  'err.config.auth',
  'err.request',
  'err.response.config',
];

export interface CreateLoggerOptions {
  level?: LoggerOptions['level'];
  /** The role or component; becomes the `name` field of every line. */
  name?: string;
  /** Where lines go; stdout (asynchronous) by default. Tests pass a capture stream. */
  destination?: DestinationStream;
}

/** JSON logger with secrets redacted; every role creates its children from one of these. */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: 'auto-promote', ...(options.name ? { name: options.name } : {}) },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  // stdout is written asynchronously: lines written while a write is under way leave together, so a
  // busy ingress makes one syscall per batch instead of one per line. pino flushes it on exit.
  return pino(config, options.destination ?? pino.destination({ dest: 1, sync: false }));
}
