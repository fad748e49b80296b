import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JenkinsEmulator } from '../../../testing/emulators/src/jenkins';

const AUTH = { authorization: `Basic ${Buffer.from('ci:tok').toString('base64')}` };

let jenkins: JenkinsEmulator;
beforeEach(async () => {
  jenkins = await JenkinsEmulator.start({ users: { ci: { apiToken: 'tok' } }, seed: 7 });
  jenkins.defineJob('promote-environment', { parameters: [{ name: 'APP_NAME', type: 'string' }] });
});
afterEach(async () => {
  await jenkins.stop();
});

function trigger(): Promise<Response> {
  return fetch(`${jenkins.url}/job/promote-environment/buildWithParameters?APP_NAME=web`, {
    method: 'POST',
    headers: AUTH,
    redirect: 'manual',
  });
}

describe('Jenkins emulator: faults', () => {
  it('answers 503 when down, without creating queue items', async () => {
    jenkins.faults.set({ mode: 'down' });
    const res = await trigger();
    expect(res.status).toBe(503);
    expect(jenkins.queueItems()).toEqual([]);
    expect(jenkins.builds('promote-environment')).toEqual([]);
    expect(jenkins.triggers).toMatchObject([{ status: 503, params: {} }]);
  });

  it('refuses connections in refuse mode and recovers', async () => {
    jenkins.faults.set({ mode: 'refuse' });
    await expect(trigger()).rejects.toThrow();
    jenkins.faults.reset();
    expect((await trigger()).status).toBe(201);
  });

  it('fails a share of requests with 502 when flaky, repeatably for a seed', async () => {
    jenkins.faults.set({ flakyRate: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const res = await fetch(`${jenkins.url}/api/json`, { headers: AUTH });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 502).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    expect(jenkins.faults.injected).toBe(statuses.filter((s) => s === 502).length);
    expect(jenkins.requests.map((r) => r.status)).toEqual(statuses);
  });

  it('delays every request by delayMs', async () => {
    jenkins.faults.set({ delayMs: 150 });
    const started = Date.now();
    expect((await trigger()).status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('answers downStatus when down, and recovers when set up again', async () => {
    jenkins.faults.set({ mode: 'down', downStatus: 500 });
    expect((await trigger()).status).toBe(500);
    jenkins.faults.set({ mode: 'up' });
    expect((await trigger()).status).toBe(201);
    expect(jenkins.triggers.map((t) => t.status)).toEqual([500, 201]);
  });

  it('counts API requests until reset', async () => {
    await fetch(`${jenkins.url}/api/json`, { headers: AUTH });
    await trigger();
    expect(jenkins.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/api/json', 200],
      ['POST', '/job/promote-environment/buildWithParameters', 201],
    ]);
    jenkins.reset();
    expect(jenkins.requests).toEqual([]);
    expect(jenkins.triggers).toEqual([]);
  });
});
