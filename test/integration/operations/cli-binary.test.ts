import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { FreezeStore } from '@auto-promote/records';
import { REDIS_URL, deletePrefix, uniquePrefix } from '../../support/redis';

const run = promisify(execFile);
const prefix = uniquePrefix('ops-binary');
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

/** `npx auto-promote …` from source, in a process of its own. */
async function binary(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', '--import', './tools/register-lua.mjs', 'apps/cli/src/main.ts', ...args],
      {
        env: {
          ...process.env,
          NO_COLOR: '1',
          REDIS_URL,
          QUEUE_PREFIX: prefix,
          GITLAB_URL: 'http://127.0.0.1:9',
          GITLAB_TOKEN: 't',
          GITLAB_WEBHOOK_SECRET: 's',
          GITLAB_PROJECT: 'p2c/k8s-deployments',
          JENKINS_URL: 'http://127.0.0.1:9',
          JENKINS_USER: 'u',
          JENKINS_API_TOKEN: 't',
        },
      },
    );
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('npx auto-promote (the binary)', () => {
  it('lists the operator commands, runs one, and exits with the documented codes', async () => {
    const [help, freeze, usage] = await Promise.all([
      binary('--help'),
      binary('freeze', '--target', 'prod', '--reason', 'from the binary'),
      binary('promotions', '--limit', 'many'),
    ]);
    expect(help.code).toBe(0);
    for (const command of [
      'setup',
      'doctor',
      'plan',
      'replay',
      'promote',
      'promotions',
      'retry',
      'freeze',
      'unfreeze',
      'freezes',
    ])
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(freeze).toMatchObject({ code: 0, stdout: 'prod frozen until unfrozen: from the binary\n' });
    expect(await new FreezeStore(redis, prefix).get('prod')).toMatchObject({ reason: 'from the binary' });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--limit must be a positive integer');
  });
});
