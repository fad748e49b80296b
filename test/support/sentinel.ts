import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, PrivateRedisServer } from '@auto-promote/sandbox';
import { waitFor } from './wait-for';

/** The master name the sentinel monitors. */
export const SENTINEL_MASTER_NAME = 'auto-promote-master';

/** A private Redis master watched by a real redis-sentinel, for Redis HA tests. */
export interface SentinelSetup {
  master: PrivateRedisServer;
  sentinelPort: number;
  /**
   * Configuration that reaches Redis only through the sentinel: REDIS_URL points nowhere, so a
   * connection that ignores the sentinel settings never reaches the master.
   */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts a private master and a redis-sentinel monitoring it; resolves once the sentinel knows it. */
export async function startSentinel(): Promise<SentinelSetup> {
  const dir = mkdtempSync(join(tmpdir(), 'ap-sentinel-'));
  const master = await PrivateRedisServer.start();
  const sentinelPort = await freePort();
  const conf = join(dir, 'sentinel.conf');
  writeFileSync(
    conf,
    [
      `port ${sentinelPort}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${SENTINEL_MASTER_NAME} 127.0.0.1 ${master.port} 1`,
      '',
    ].join('\n'),
  );
  const sentinel: ChildProcess = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
  await waitFor('the sentinel to know the master', async () => {
    const probe = new Redis(sentinelPort, '127.0.0.1', {
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      lazyConnect: true,
    });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      const addr = (await probe.call('SENTINEL', 'get-master-addr-by-name', SENTINEL_MASTER_NAME)) as
        string[] | null;
      return addr?.[1] === String(master.port);
    } finally {
      probe.disconnect();
    }
  });
  return {
    master,
    sentinelPort,
    env: {
      REDIS_URL: 'redis://127.0.0.1:9/0',
      REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`,
      REDIS_SENTINEL_NAME: SENTINEL_MASTER_NAME,
    },
    stop: async () => {
      sentinel.kill('SIGKILL');
      await master.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
