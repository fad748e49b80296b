import { afterEach, describe, expect, it } from 'vitest';
import { JenkinsEmulator, type JenkinsEmulatorOptions } from '../../../testing/emulators/src/jenkins';

const USERS: JenkinsEmulatorOptions['users'] = {
  alice: { apiToken: 'tok-alice', password: 'pw-alice' },
  bob: { password: 'pw-bob' },
  reader: { apiToken: 'tok-reader', permissions: ['read'] },
};

function basic(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
}

let jenkins: JenkinsEmulator | undefined;
afterEach(async () => {
  await jenkins?.stop();
  jenkins = undefined;
});

async function start(options: Partial<JenkinsEmulatorOptions> = {}): Promise<JenkinsEmulator> {
  jenkins = await JenkinsEmulator.start({ users: USERS, ...options });
  jenkins.defineJob('promote-environment', { parameters: [{ name: 'APP_NAME', type: 'string' }] });
  return jenkins;
}

/** GET /crumbIssuer/api/json; returns the crumb and the session cookie pair to send back. */
async function crumbFor(
  j: JenkinsEmulator,
  authorization: string,
): Promise<{ crumb: string; cookie: string }> {
  const res = await fetch(`${j.url}/crumbIssuer/api/json`, { headers: { authorization } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { _class: string; crumb: string; crumbRequestField: string };
  expect(body._class).toBe('hudson.security.csrf.DefaultCrumbIssuer');
  expect(body.crumbRequestField).toBe('Jenkins-Crumb');
  expect(body.crumb).toMatch(/^[0-9a-f]{64}$/);
  const setCookie = res.headers.get('set-cookie') ?? '';
  expect(setCookie).toMatch(/^JSESSIONID\.[0-9a-f]{8}=[^;]+; Path=\/; HttpOnly$/);
  return { crumb: body.crumb, cookie: setCookie.split(';')[0] ?? '' };
}

function trigger(j: JenkinsEmulator, headers: Record<string, string>): Promise<Response> {
  return fetch(`${j.url}/job/promote-environment/buildWithParameters?APP_NAME=web&delay=0sec`, {
    method: 'POST',
    headers,
    redirect: 'manual',
  });
}

describe('Jenkins emulator: authentication', () => {
  it('accepts an API token and a password, and says who the caller is', async () => {
    const j = await start();
    for (const authorization of [basic('alice', 'tok-alice'), basic('alice', 'pw-alice')]) {
      const res = await fetch(`${j.url}/whoAmI/api/json`, { headers: { authorization } });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-jenkins')).toBe('2.479.1');
      expect(await res.json()).toMatchObject({ name: 'alice', anonymous: false, authenticated: true });
    }
  });

  it('answers 401 for a wrong secret or an unknown user', async () => {
    const j = await start();
    for (const authorization of [basic('alice', 'nope'), basic('mallory', 'tok-alice')]) {
      const res = await fetch(`${j.url}/api/json`, { headers: { authorization } });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="Jenkins"');
      expect(await res.text()).toContain('Invalid password/token for user');
    }
  });

  it('answers 403 to anonymous callers except whoAmI, and still identifies as Jenkins', async () => {
    const j = await start();
    for (const path of [
      '/',
      '/api/json',
      '/job/promote-environment/api/json',
      '/queue/api/json',
      '/crumbIssuer/api/json',
    ]) {
      const res = await fetch(`${j.url}${path}`);
      expect(res.status, path).toBe(403);
      expect(res.headers.get('x-jenkins')).toBe('2.479.1');
      expect(res.headers.get('x-you-are-authenticated-as')).toBe('anonymous');
    }
    const who = await fetch(`${j.url}/whoAmI/api/json`);
    expect(who.status).toBe(200);
    expect(await who.json()).toMatchObject({ name: 'anonymous', anonymous: true });
  });

  it('answers 403 to a user without Job/Build permission', async () => {
    const j = await start();
    const res = await trigger(j, { authorization: basic('reader', 'tok-reader') });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-required-permission')).toBe('hudson.model.Item.Build');
    expect(await res.text()).toContain('reader is missing the Job/Build permission');
    expect(j.triggers).toMatchObject([{ job: 'promote-environment', status: 403 }]);
    const read = await fetch(`${j.url}/job/promote-environment/api/json`, {
      headers: { authorization: basic('reader', 'tok-reader') },
    });
    expect(read.status).toBe(200);
  });
});

describe('Jenkins emulator: CSRF crumbs', () => {
  it('lets API-token requests skip the crumb', async () => {
    const j = await start();
    const res = await trigger(j, { authorization: basic('alice', 'tok-alice') });
    expect(res.status).toBe(201);
  });

  it('requires crumb and session cookie for password auth', async () => {
    const j = await start();
    const authorization = basic('bob', 'pw-bob');
    const none = await trigger(j, { authorization });
    expect(none.status).toBe(403);
    expect(await none.text()).toContain('No valid crumb was included in the request');

    const { crumb, cookie } = await crumbFor(j, authorization);
    const noCookie = await trigger(j, { authorization, 'Jenkins-Crumb': crumb });
    expect(noCookie.status).toBe(403);

    const ok = await trigger(j, { authorization, 'Jenkins-Crumb': crumb, cookie });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('location')).toMatch(/\/queue\/item\/\d+\/$/);
  });

  it('accepts the crumb as a form field too', async () => {
    const j = await start();
    const authorization = basic('bob', 'pw-bob');
    const { crumb, cookie } = await crumbFor(j, authorization);
    const res = await fetch(`${j.url}/job/promote-environment/buildWithParameters`, {
      method: 'POST',
      headers: { authorization, cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ APP_NAME: 'web', 'Jenkins-Crumb': crumb }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(201);
  });

  it("rejects a crumb presented with another session's cookie", async () => {
    const j = await start();
    const authorization = basic('bob', 'pw-bob');
    const first = await crumbFor(j, authorization);
    const second = await crumbFor(j, authorization);
    expect(first.cookie).not.toBe(second.cookie);
    const res = await trigger(j, { authorization, 'Jenkins-Crumb': first.crumb, cookie: second.cookie });
    expect(res.status).toBe(403);
    const crumbOfOtherUser = await crumbFor(j, basic('alice', 'pw-alice'));
    const stolen = await trigger(j, {
      authorization,
      'Jenkins-Crumb': crumbOfOtherUser.crumb,
      cookie: crumbOfOtherUser.cookie,
    });
    expect(stolen.status).toBe(403);
  });

  it('demands the crumb from token auth too when crumbForApiTokens is set', async () => {
    const j = await start({ crumbForApiTokens: true });
    const authorization = basic('alice', 'tok-alice');
    expect((await trigger(j, { authorization })).status).toBe(403);
    const { crumb, cookie } = await crumbFor(j, authorization);
    expect((await trigger(j, { authorization, 'Jenkins-Crumb': crumb, cookie })).status).toBe(201);
  });
});
