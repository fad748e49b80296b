import type { RedisClient } from '@auto-promote/redis';
import type { HttpResult } from '../http-result';

/** GET /healthz: the process is alive. */
export function liveness(): HttpResult<{ status: 'ok' }> {
  return { status: 200, body: { status: 'ok' } };
}

/** GET /readyz: Redis answers (and the process is not shutting down). */
export async function readiness(
  redis: RedisClient,
  accepting: () => boolean,
  timeoutMs = 1_000,
): Promise<HttpResult<{ status: string; reason?: string }>> {
  if (!accepting()) return { status: 503, body: { status: 'unavailable', reason: 'shutting down' } };
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return { status: 200, body: { status: 'ready' } };
  } catch {
    return { status: 503, body: { status: 'unavailable', reason: 'Redis does not answer' } };
  } finally {
    clearTimeout(timer);
  }
}
