import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JenkinsEmulator } from '../../../testing/emulators/src/jenkins';

const AUTH = { authorization: `Basic ${Buffer.from('ci:tok').toString('base64')}` };

let jenkins: JenkinsEmulator;
beforeEach(async () => {
  jenkins = await JenkinsEmulator.start({ users: { ci: { apiToken: 'tok' } } });
  jenkins.defineJob('promote-environment', {
    parameters: [
      { name: 'APP_NAME', type: 'string' },
      { name: 'ENVIRONMENT', type: 'choice', choices: ['staging', 'production'] },
      { name: 'DRY_RUN', type: 'boolean', default: 'true' },
      { name: 'NOTE', type: 'string', default: 'auto' },
    ],
  });
});
afterEach(async () => {
  await jenkins.stop();
});

function post(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${jenkins.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    ...init,
    headers: { ...AUTH, ...(init.headers as Record<string, string> | undefined) },
  });
}

function queueIdOf(res: Response): number {
  const match = /\/queue\/item\/(\d+)\/$/.exec(res.headers.get('location') ?? '');
  if (!match?.[1]) throw new Error(`no queue location: ${res.headers.get('location')}`);
  return Number(match[1]);
}

async function getJson(path: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${jenkins.url}${path}`, { headers: AUTH });
  expect(res.status, path).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

describe('Jenkins emulator: buildWithParameters', () => {
  it('answers 201 with the queue item URL and an empty body', async () => {
    const res = await post('/job/promote-environment/buildWithParameters?APP_NAME=web&delay=0sec');
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`${jenkins.url}/queue/item/1/`);
    expect(await res.text()).toBe('');
    expect(jenkins.triggers).toMatchObject([
      { job: 'promote-environment', endpoint: 'buildWithParameters', status: 201, queueId: 1 },
    ]);
  });

  it('drops undeclared parameters and applies defaults (query and form merged)', async () => {
    jenkins.pauseQueue();
    const res = await post('/job/promote-environment/buildWithParameters?APP_NAME=web&UNKNOWN=x', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'ENVIRONMENT=production&ALSO_UNKNOWN=y&delay=0sec',
    });
    expect(res.status).toBe(201);
    const expected = { APP_NAME: 'web', ENVIRONMENT: 'production', DRY_RUN: 'true', NOTE: 'auto' };
    expect(jenkins.triggers[0]?.params).toEqual(expected);
    const item = await getJson(`/queue/item/${queueIdOf(res)}/api/json`);
    expect(item['params']).toBe('\nAPP_NAME=web\nENVIRONMENT=production\nDRY_RUN=true\nNOTE=auto');
    expect(item['actions']).toContainEqual({
      _class: 'hudson.model.ParametersAction',
      parameters: [
        { _class: 'hudson.model.StringParameterValue', name: 'APP_NAME', value: 'web' },
        { _class: 'hudson.model.StringParameterValue', name: 'ENVIRONMENT', value: 'production' },
        { _class: 'hudson.model.BooleanParameterValue', name: 'DRY_RUN', value: true },
        { _class: 'hudson.model.StringParameterValue', name: 'NOTE', value: 'auto' },
      ],
    });
  });

  it('merges an identical waiting request with 303 to the existing item, and creates a new one after it left', async () => {
    jenkins.pauseQueue();
    const first = await post('/job/promote-environment/buildWithParameters?APP_NAME=web&delay=0sec');
    const again = await post('/job/promote-environment/buildWithParameters?APP_NAME=web&delay=0sec');
    expect(first.status).toBe(201);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    const other = await post('/job/promote-environment/buildWithParameters?APP_NAME=api&delay=0sec');
    expect(other.status).toBe(201);
    expect(queueIdOf(other)).not.toBe(queueIdOf(first));
    expect(jenkins.queueItems()).toHaveLength(2);

    jenkins.resumeQueue();
    await poll(() => jenkins.builds('promote-environment').length === 2);
    const third = await post('/job/promote-environment/buildWithParameters?APP_NAME=web&delay=0sec');
    expect(third.status).toBe(201);
    expect(queueIdOf(third)).toBeGreaterThan(queueIdOf(other));
    await poll(() => jenkins.builds('promote-environment').length === 3);
    const webBuilds = jenkins.builds('promote-environment').filter((b) => b.params['APP_NAME'] === 'web');
    expect(webBuilds.map((b) => b.queueId)).toEqual([queueIdOf(first), queueIdOf(third)]);
    expect(jenkins.triggers.map((t) => t.status)).toEqual([201, 303, 201, 201]);
  });

  it('answers 400 for a job that is not parameterized', async () => {
    jenkins.defineJob('plain', { parameters: null });
    const res = await post('/job/plain/buildWithParameters?APP_NAME=web');
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('plain is not parameterized');
  });

  it('answers 409 for a disabled job', async () => {
    jenkins.updateJob('promote-environment', { disabled: true });
    const res = await post('/job/promote-environment/buildWithParameters?APP_NAME=web');
    expect(res.status).toBe(409);
    const job = await getJson('/job/promote-environment/api/json');
    expect(job).toMatchObject({ buildable: false, disabled: true, color: 'disabled' });
  });

  it('answers 404 for an unknown job, 405 for GET, 500 for an illegal choice', async () => {
    expect((await post('/job/nope/buildWithParameters')).status).toBe(404);
    expect((await post('/job/folder/job/promote-environment/buildWithParameters')).status).toBe(404);
    const get = await fetch(`${jenkins.url}/job/promote-environment/buildWithParameters`, { headers: AUTH });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const bad = await post('/job/promote-environment/buildWithParameters?ENVIRONMENT=moon');
    expect(bad.status).toBe(500);
    expect(await bad.text()).toContain('Illegal choice for parameter ENVIRONMENT: moon');
    expect(jenkins.triggers.map((t) => t.status)).toEqual([404, 404, 405, 500]);
  });

  it('triggers a job in a folder through /job/<folder>/job/<name>, URL-encoded', async () => {
    jenkins.defineJob('team a/promote-environment', { parameters: [{ name: 'APP_NAME', type: 'string' }] });
    const res = await post(
      '/job/team%20a/job/promote-environment/buildWithParameters?APP_NAME=web&delay=0sec',
    );
    expect(res.status).toBe(201);
    await poll(() => jenkins.builds('team a/promote-environment')[0]?.result === 'SUCCESS');
    const job = await getJson('/job/team%20a/job/promote-environment/api/json');
    expect(job).toMatchObject({
      fullName: 'team a/promote-environment',
      url: `${jenkins.url}/job/team%20a/job/promote-environment/`,
    });
    const folder = await getJson('/job/team%20a/api/json');
    expect(folder['jobs']).toEqual([expect.objectContaining({ name: 'promote-environment', color: 'blue' })]);
  });

  it('honours delay=Nsec as a quiet period', async () => {
    const res = await post('/job/promote-environment/buildWithParameters?APP_NAME=web&delay=1sec');
    const item = await getJson(`/queue/item/${queueIdOf(res)}/api/json`);
    expect(item['_class']).toBe('hudson.model.Queue$WaitingItem');
    expect(String(item['why'])).toMatch(/^In the quiet period\. Expires in /);
    const timestamp = Number(item['timestamp']);
    expect(timestamp - Number(item['inQueueSince'])).toBe(1000);
    await poll(() => jenkins.builds('promote-environment').length === 1, 5000);
    expect(jenkins.builds('promote-environment')[0]?.startedAt).toBeGreaterThanOrEqual(timestamp);
  });
});

async function poll(done: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
