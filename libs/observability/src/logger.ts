import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths pino removes before a line is written. Tokens reach logs mostly through request headers and
 * through error objects of HTTP clients, so both shapes are covered.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-gitlab-token"]',
  'req.headers["private-token"]',
  'req.headers["webhook-signature"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-gitlab-token"]',
  'headers["private-token"]',
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
