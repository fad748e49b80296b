import { afterEach, describe, expect, it } from 'vitest';
import { JenkinsEmulator, type JenkinsEmulatorOptions } from '../../../testing/emulators/src/jenkins';

const AUTH = { authorization: `Basic ${Buffer.from('ci:tok').toString('base64')}` };
type Json = Record<string, unknown>;

let jenkins: JenkinsEmulator | undefined;
afterEach(async () => {
  await jenkins?.stop();
  jenkins = undefined;
});

async function start(options: Partial<JenkinsEmulatorOptions> = {}): Promise<JenkinsEmulator> {
  jenkins = await JenkinsEmulator.start({ users: { ci: { apiToken: 'tok' } }, ...options });
  return jenkins;
}

async function trigger(j: JenkinsEmulator, job: string, query: string): Promise<string> {
  const res = await fetch(`${j.url}/job/${job}/buildWithParameters?${query}`, {
    method: 'POST',
    headers: AUTH,
    redirect: 'manual',
  });
  expect(res.status).toBe(201);
  return res.headers.get('location') ?? '';
}

async function get(url: string): Promise<{ status: number; json: Json }> {
  const res = await fetch(url, { headers: AUTH });
  const text = await res.text();
  return {
    status: res.status,
    json: res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Json) : {},
  };
}

/** Polls `url` until `done` holds for its JSON, bounded. */
async function pollJson(url: string, done: (json: Json) => boolean, timeoutMs = 3000): Promise<Json> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, json } = await get(url);
    if (status === 200 && done(json)) return json;
    if (Date.now() > deadline)
      throw new Error(`${url} never satisfied the condition: ${JSON.stringify(json)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const PARAMS = [{ name: 'APP_NAME', type: 'string' as const }];

describe('Jenkins emulator: queue item to build', () => {
  it('follows a queue item to its executable and the build to SUCCESS', async () => {
    const j = await start();
    let release: (() => void) | undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    j.defineJob('promote-environment', {
      parameters: PARAMS,
      buildDurationMs: 50,
      run: async () => {
        await gate;
        return 'SUCCESS';
      },
    });
    const location = await trigger(j, 'promote-environment', 'APP_NAME=web&delay=0sec');
    const left = await pollJson(`${location}api/json`, (item) => item['executable'] != null);
    expect(left).toMatchObject({
      _class: 'hudson.model.Queue$LeftItem',
      cancelled: false,
      executable: {
        _class: 'org.jenkinsci.plugins.workflow.job.WorkflowRun',
        number: 1,
        url: `${j.url}/job/promote-environment/1/`,
      },
      task: { name: 'promote-environment', url: `${j.url}/job/promote-environment/` },
    });
    const buildUrl = (left['executable'] as { url: string }).url;
    const running = await get(
      `${buildUrl}api/json?tree=building,result,number,url,queueId,timestamp,duration`,
    );
    expect(running.json).toMatchObject({ building: true, result: null, number: 1, duration: 0 });
    release?.();
    const done = await pollJson(`${buildUrl}api/json`, (b) => b['building'] === false);
    expect(done).toMatchObject({ result: 'SUCCESS', queueId: Number(/(\d+)\/$/.exec(location)?.[1]) });
    expect(done['actions']).toContainEqual({
      _class: 'hudson.model.ParametersAction',
      parameters: [{ _class: 'hudson.model.StringParameterValue', name: 'APP_NAME', value: 'web' }],
    });
    expect(Number(done['duration'])).toBeGreaterThanOrEqual(40);
  });

  it('records FAILURE from a result function and from a failing run callback', async () => {
    const j = await start();
    j.defineJob('promote-environment', {
      parameters: PARAMS,
      result: (params) => (params['APP_NAME'] === 'broken' ? 'FAILURE' : 'SUCCESS'),
    });
    j.defineJob('with-run', {
      parameters: PARAMS,
      run: ({ params }) =>
        params['APP_NAME'] === 'throw' ? Promise.reject(new Error('boom')) : Promise.resolve('UNSTABLE'),
    });
    await trigger(j, 'promote-environment', 'APP_NAME=broken');
    await trigger(j, 'with-run', 'APP_NAME=ok');
    await trigger(j, 'with-run', 'APP_NAME=throw');
    await pollJson(`${j.url}/job/promote-environment/1/api/json`, (b) => b['result'] === 'FAILURE');
    await pollJson(`${j.url}/job/with-run/1/api/json`, (b) => b['result'] === 'UNSTABLE');
    await pollJson(`${j.url}/job/with-run/2/api/json`, (b) => b['result'] === 'FAILURE');
    const job = await get(`${j.url}/job/promote-environment/api/json`);
    expect(job.json).toMatchObject({ color: 'red', lastBuild: { number: 1 }, nextBuildNumber: 2 });
    expect((await get(`${j.url}/job/promote-environment/lastFailedBuild/api/json`)).json).toMatchObject({
      number: 1,
    });
    expect((await get(`${j.url}/job/promote-environment/7/api/json`)).status).toBe(404);
  });

  it('forgets a left item after the retention, while the build stays findable by queueId', async () => {
    const j = await start({ leftItemRetentionMs: 200 });
    j.defineJob('promote-environment', { parameters: PARAMS });
    const location = await trigger(j, 'promote-environment', 'APP_NAME=web');
    const queueId = Number(/(\d+)\/$/.exec(location)?.[1]);
    await pollJson(`${location}api/json`, (item) => item['executable'] != null);
    const deadline = Date.now() + 3000;
    while ((await get(`${location}api/json`)).status !== 404) {
      if (Date.now() > deadline) throw new Error('left item never expired');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const tree = 'builds[number,queueId,result,building,url,actions[parameters[name,value]]]';
    const job = await pollJson(
      `${j.url}/job/promote-environment/api/json?tree=${encodeURIComponent(tree)}`,
      (json) => (json['builds'] as Json[]).some((b) => b['queueId'] === queueId && b['building'] === false),
    );
    expect(Object.keys(job).sort()).toEqual(['_class', 'builds']);
    expect(job['builds']).toEqual([
      {
        _class: 'org.jenkinsci.plugins.workflow.job.WorkflowRun',
        actions: [
          {
            _class: 'hudson.model.ParametersAction',
            parameters: [{ _class: 'hudson.model.StringParameterValue', name: 'APP_NAME', value: 'web' }],
          },
          { _class: 'hudson.model.CauseAction' },
        ],
        building: false,
        number: 1,
        queueId,
        result: 'SUCCESS',
        url: `${j.url}/job/promote-environment/1/`,
      },
    ]);
  });

  it('lists waiting items with their parameters until the queue resumes', async () => {
    const j = await start();
    j.defineJob('promote-environment', { parameters: PARAMS });
    j.pauseQueue();
    await trigger(j, 'promote-environment', 'APP_NAME=web');
    await trigger(j, 'promote-environment', 'APP_NAME=api');
    // Maintenance runs just after the request, so poll until both items are past their (zero) quiet period.
    const queue = await pollJson(`${j.url}/queue/api/json`, (json) =>
      (json['items'] as Json[]).every((i) => i['buildable'] === true),
    );
    const items = queue['items'] as Json[];
    expect(items.map((i) => i['params'])).toEqual(['\nAPP_NAME=api', '\nAPP_NAME=web']);
    expect(items[0]).toMatchObject({
      _class: 'hudson.model.Queue$BuildableItem',
      buildable: true,
      stuck: false,
    });
    expect(items[0]).not.toHaveProperty('executable');

    j.resumeQueue();
    await pollJson(`${j.url}/job/promote-environment/2/api/json`, (b) => b['result'] === 'SUCCESS');
  });

  it('keeps items buildable while the job has no free executor', async () => {
    const j = await start();
    let release: (() => void) | undefined;
    j.defineJob('promote-environment', {
      parameters: PARAMS,
      executors: 1,
      run: () => new Promise((resolve) => (release = () => resolve('SUCCESS'))),
    });
    await trigger(j, 'promote-environment', 'APP_NAME=web');
    await pollJson(`${j.url}/job/promote-environment/api/json`, (job) => job['color'] === 'notbuilt_anime');
    const second = await trigger(j, 'promote-environment', 'APP_NAME=api');
    const waiting = await pollJson(`${second}api/json`, (item) => item['buildable'] === true);
    expect(waiting['why']).toBe('Waiting for next available executor');
    expect((await get(`${j.url}/job/promote-environment/api/json`)).json).toMatchObject({ inQueue: true });
    release?.();
    await pollJson(`${second}api/json`, (item) => item['executable'] != null);
    release?.();
    await pollJson(`${j.url}/job/promote-environment/2/api/json`, (b) => b['result'] === 'SUCCESS');
  });

  it('keeps an item waiting for its delay, and stop() clears pending timers', async () => {
    const j = await start();
    j.defineJob('promote-environment', { parameters: PARAMS });
    const location = await trigger(j, 'promote-environment', 'APP_NAME=web&delay=60sec');
    expect((await get(`${location}api/json`)).json).toMatchObject({
      _class: 'hudson.model.Queue$WaitingItem',
    });
    await j.stop();
    jenkins = undefined;
    await expect(fetch(`${location}api/json`, { headers: AUTH })).rejects.toThrow();
  });
});
