import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promotionId } from '@auto-promote/domain';
import { freePort, PrivateRedisServer } from '@auto-promote/sandbox';
import { startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

/** Redis HA through Sentinel: the service finds the master by asking a real redis-sentinel. */
let master: PrivateRedisServer;
let sentinel: ChildProcess;
let sentinelPort: number;
const dir = mkdtempSync(join(tmpdir(), 'ap-sentinel-'));

beforeAll(async () => {
  master = await PrivateRedisServer.start();
  sentinelPort = await freePort();
  const conf = join(dir, 'sentinel.conf');
  writeFileSync(
    conf,
    [
      `port ${sentinelPort}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor auto-promote-master 127.0.0.1 ${master.port} 1`,
      '',
    ].join('\n'),
  );
  sentinel = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
  await waitFor('the sentinel to know the master', async () => {
    const probe = new Redis(sentinelPort, '127.0.0.1', {
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      lazyConnect: true,
    });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      const addr = (await probe.call('SENTINEL', 'get-master-addr-by-name', 'auto-promote-master')) as
        string[] | null;
      return addr?.[1] === String(master.port);
    } finally {
      probe.disconnect();
    }
  });
});

afterAll(async () => {
  sentinel.kill('SIGKILL');
  await master.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('Redis Sentinel', () => {
  it('runs the whole pipeline on the master a sentinel names', async () => {
    let stack: Stack | undefined;
    try {
      stack = await startStack({
        name: 'sentinel',
        env: {
          // A URL pointing nowhere: only the sentinel can lead the service to the master.
          REDIS_URL: 'redis://127.0.0.1:9/0',
          REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`,
          REDIS_SENTINEL_NAME: 'auto-promote-master',
        },
      });
      const sha = await stack.commitApps('dev', { exampleApp: '12.0.0' });
      const id = promotionId({ app: 'exampleApp', sourceEnv: 'dev', targetEnv: 'stage', sha });
      const direct = new Redis(master.url);
      const record = await waitFor('the record on the master', async () => {
        const raw = await direct.get(`${stack!.prefix}:promotion:${id}`);
        const parsed = raw ? (JSON.parse(raw) as { status: string }) : null;
        return parsed?.status === 'succeeded' ? parsed : undefined;
      });
      direct.disconnect();
      expect(record.status).toBe('succeeded');
    } finally {
      await stack?.stop().catch(() => undefined);
    }
  });
});
