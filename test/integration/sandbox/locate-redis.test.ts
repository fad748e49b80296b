import { afterEach, describe, expect, it } from 'vitest';
import { freePort, locateRedis, redisAnswers, SandboxError } from '@auto-promote/sandbox';
import { REDIS_URL } from '../../support/redis';

const originalPath = process.env['PATH'];
afterEach(() => {
  process.env['PATH'] = originalPath;
});

describe('locateRedis', () => {
  it('uses REDIS_URL when it answers', async () => {
    expect(await locateRedis(REDIS_URL)).toEqual({ url: REDIS_URL, server: null });
  });

  it('starts a private redis-server on a free port when nothing answers, and stops it', async () => {
    const located = await locateRedis(`redis://127.0.0.1:${await freePort()}`);
    expect(located.server).not.toBeNull();
    expect(await redisAnswers(located.url)).toBe(true);
    await located.server?.stop();
    expect(await redisAnswers(located.url)).toBe(false);
  });

  it('says how to get Redis when there is none and no redis-server on PATH', async () => {
    process.env['PATH'] = '/nonexistent';
    const error = await locateRedis(`redis://127.0.0.1:${await freePort()}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxError);
    expect((error as Error).message).toContain('apt-get install redis-server');
    expect((error as Error).message).toContain('REDIS_URL');
  });
});
