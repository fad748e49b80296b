import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitLabEmulator } from '@auto-promote/emulators';
import { GitLabClient } from '@auto-promote/gitlab';

/**
 * The emulator's Freeze Periods API against GitLab's: the entity (API::Entities::FreezePeriod, as the
 * "Freeze Periods API" page of docs.gitlab.com lists it: id, freeze_start, freeze_end, cron_timezone,
 * created_at, updated_at), offset pagination, and the answers lib/api/freeze_periods.rb gives — 201 on create
 * with cron_timezone defaulting to UTC, Grape's 400 "x is missing", the model's 400
 * {"message":{"freeze_start":[" is invalid syntax"]}}, 404 {"message":"404 Not found"}, 204 on delete, and 401
 * without a token (every endpoint authenticates, even for a public project). No real answer of this API is
 * vendored (test/fixtures/real), so the documented shape is what is checked here.
 */
const TOKEN = 'glpat-freeze-fidelity';
let gitlab: GitLabEmulator;
let api: string;

beforeAll(async () => {
  gitlab = await GitLabEmulator.start({ token: TOKEN });
  await gitlab.createProject({ path: 'p2c/k8s-deployments', visibility: 'public' });
  api = `${gitlab.url}/api/v4/projects/${encodeURIComponent('p2c/k8s-deployments')}/freeze_periods`;
});

afterAll(async () => {
  await gitlab.stop();
});

const call = async (
  method: string,
  url: string,
  body?: Record<string, unknown>,
  token: string | null = TOKEN,
) => {
  const response = await fetch(url, {
    method,
    headers: {
      ...(token === null ? {} : { 'PRIVATE-TOKEN': token }),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: (text ? JSON.parse(text) : null) as unknown,
  };
};

const ISO_MILLIS_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('the Freeze Periods API', () => {
  it('creates, shows, lists, updates and deletes a period with GitLab’s entity and statuses', async () => {
    const created = await call('POST', api, { freeze_start: ' 0 23 * * 5 ', freeze_end: '0 7 * * 1' });
    expect(created.status).toBe(201);
    const entity = created.json as Record<string, unknown>;
    expect(Object.keys(entity).sort()).toEqual(
      ['created_at', 'cron_timezone', 'freeze_end', 'freeze_start', 'id', 'updated_at'].sort(),
    );
    expect(entity).toMatchObject({
      freeze_start: '0 23 * * 5',
      freeze_end: '0 7 * * 1',
      cron_timezone: 'UTC',
    });
    expect(typeof entity['id']).toBe('number');
    expect(entity['created_at']).toMatch(ISO_MILLIS_UTC);

    const id = entity['id'] as number;
    expect((await call('GET', `${api}/${id}`)).json).toEqual(entity);
    const listed = await call('GET', api);
    expect(listed.status).toBe(200);
    expect(listed.json).toEqual([entity]);
    expect(listed.headers.get('x-total')).toBe('1');
    expect(listed.headers.get('x-per-page')).toBe('20');

    const updated = await call('PUT', `${api}/${id}`, { cron_timezone: 'Europe/Berlin' });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ id, freeze_start: '0 23 * * 5', cron_timezone: 'Europe/Berlin' });

    expect((await call('DELETE', `${api}/${id}`)).status).toBe(204);
    expect(await call('GET', `${api}/${id}`)).toMatchObject({
      status: 404,
      json: { message: '404 Not found' },
    });
    expect(await call('PUT', `${api}/${id}`, { freeze_end: '0 8 * * 1' })).toMatchObject({ status: 404 });
    expect(await call('DELETE', `${api}/${id}`)).toMatchObject({ status: 404 });
  });

  it('refuses what GitLab refuses, and changes nothing', async () => {
    expect(await call('POST', api, { freeze_start: '0 23 * * 5' })).toEqual(
      expect.objectContaining({ status: 400, json: { error: 'freeze_end is missing' } }),
    );
    expect(await call('POST', api, {})).toMatchObject({
      status: 400,
      json: { error: 'freeze_start is missing, freeze_end is missing' },
    });
    expect(await call('POST', api, { freeze_start: '0 0 0 * *', freeze_end: 'invalid' })).toMatchObject({
      status: 400,
      json: { message: { freeze_start: [' is invalid syntax'], freeze_end: [' is invalid syntax'] } },
    });
    expect(
      await call('POST', api, {
        freeze_start: '0 23 * * 5',
        freeze_end: '0 7 * * 1',
        cron_timezone: 'Mars/Olympus',
      }),
    ).toMatchObject({ status: 400, json: { message: { cron_timezone: [' is invalid syntax'] } } });
    const kept = await call('POST', api, { freeze_start: '0 22 * * *', freeze_end: '0 6 * * *' });
    const id = (kept.json as { id: number }).id;
    expect(await call('PUT', `${api}/${id}`, { freeze_end: '61 * * * *' })).toMatchObject({
      status: 400,
      json: { message: { freeze_end: [' is invalid syntax'] } },
    });
    expect((await call('GET', `${api}/${id}`)).json).toMatchObject({ freeze_end: '0 6 * * *' });
    expect(await call('GET', `${api}/abc`)).toMatchObject({
      status: 400,
      json: { error: 'freeze_period_id is invalid' },
    });
    await call('DELETE', `${api}/${id}`);
  });

  it('answers 401 without a token, even for a public project, and 401 for a wrong one', async () => {
    expect(await call('GET', api, undefined, null)).toMatchObject({
      status: 401,
      json: { message: '401 Unauthorized' },
    });
    expect(await call('GET', api, undefined, 'glpat-wrong')).toMatchObject({ status: 401 });
    expect(
      await call('POST', api, { freeze_start: '0 23 * * 5', freeze_end: '0 7 * * 1' }, null),
    ).toMatchObject({
      status: 401,
    });
  });

  it('pages like GitLab, and the client reads every page', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const created = await call('POST', api, { freeze_start: `${i} 1 * * *`, freeze_end: `${i} 2 * * *` });
      ids.push((created.json as { id: number }).id);
    }
    const first = await call('GET', `${api}?per_page=2`);
    expect(first.headers.get('x-total-pages')).toBe('2');
    expect(first.headers.get('x-next-page')).toBe('2');
    const client = new GitLabClient({ url: gitlab.url, token: TOKEN, timeoutMs: 2_000 });
    const periods = await client.freezePeriods('p2c/k8s-deployments');
    expect(periods.map((p) => p.id)).toEqual(ids);
    expect(periods[0]).toEqual({
      id: ids[0],
      freezeStart: '0 1 * * *',
      freezeEnd: '0 2 * * *',
      cronTimezone: 'UTC',
    });
    for (const id of ids) await call('DELETE', `${api}/${id}`);
  });

  it('seeds periods through the loopback control API, validated as the API validates', async () => {
    const control = `${gitlab.url}/__emulator/projects/${encodeURIComponent('p2c/k8s-deployments')}/freeze_periods`;
    const seeded = await call('POST', control, { freeze_start: '0 23 * * 5', freeze_end: '0 7 * * 1' }, null);
    expect(seeded.status).toBe(201);
    expect((await call('GET', api)).json).toEqual([seeded.json]);
    expect(
      await call('POST', control, { freeze_start: 'nope', freeze_end: '0 7 * * 1' }, null),
    ).toMatchObject({
      status: 400,
      json: { message: { freeze_start: [' is invalid syntax'] } },
    });
  });
});
