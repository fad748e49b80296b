import { execFileSync } from 'node:child_process';
import { SandboxError } from './errors/sandbox-error';
import { PrivateRedisServer, redisAnswers } from './private-redis-server';

export interface LocatedRedis {
  url: string;
  /** Set when the sandbox started its own redis-server; stopped with the sandbox. */
  server: PrivateRedisServer | null;
}

function hasRedisServer(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** REDIS_URL if it answers; otherwise a private redis-server from PATH; otherwise a clear error. */
export async function locateRedis(url: string): Promise<LocatedRedis> {
  if (await redisAnswers(url)) return { url, server: null };
  if (!hasRedisServer()) {
    throw new SandboxError(
      `No Redis answers at ${url} and there is no redis-server on PATH.\n` +
        'Start one (Debian/Ubuntu: sudo apt-get install redis-server), or point REDIS_URL at a running Redis.',
    );
  }
  const server = await PrivateRedisServer.start();
  return { url: server.url, server };
}
