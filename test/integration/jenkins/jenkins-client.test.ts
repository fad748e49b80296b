import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JenkinsEmulator } from '@auto-promote/emulators';
import { JenkinsClient, JenkinsConfigError, JenkinsUnavailableError } from '@auto-promote/jenkins';
import { JOB_PARAMETERS } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

const TOKEN = 'api-token-123';
const PARAMS = {
  APP_NAME: 'example-app',
  SOURCE_ENV: 'dev',
  TARGET_ENV: 'stage',
  IMAGE_TAG: '1.0.1',
  PROMOTION_ID: 'p1',
};
let jenkins: JenkinsEmulator;

const client = (overrides: Partial<ConstructorParameters<typeof JenkinsClient>[0]> = {}) =>
  new JenkinsClient({
    url: jenkins.url,
    user: 'bot',
    apiToken: TOKEN,
    job: 'promote-environment',
    timeoutMs: 2_000,
    ...overrides,
  });

async function start(options: Partial<Parameters<typeof JenkinsEmulator.start>[0]> = {}) {
  jenkins = await JenkinsEmulator.start({ users: { bot: { apiToken: TOKEN, password: 'pw' } }, ...options });
  jenkins.defineJob('promote-environment', {
    parameters: JOB_PARAMETERS.map((name) => ({ name, type: 'string' })),
  });
}

afterEach(async () => {
  await jenkins.stop();
});

describe('JenkinsClient against the Jenkins emulator', () => {
  beforeEach(() => start());

  it('triggers with form parameters and follows the queue item to the build result', async () => {
    const jc = client();
    const triggered = await jc.trigger(PARAMS);
    expect(triggered.merged).toBe(false);
    expect(triggered.queueUrl).toBe(`${jenkins.url}/queue/item/${triggered.queueId}/`);
    expect(jenkins.triggers.at(-1)?.params).toEqual(PARAMS);
    const item = await waitFor(
      'the build to start',
      async () => (await jc.queueItem(triggered.queueId))?.executable,
    );
    const build = await waitFor('the build to finish', async () => {
      const b = await jc.build(item.number);
      return b?.result ? b : undefined;
    });
    expect(build).toMatchObject({
      number: item.number,
      result: 'SUCCESS',
      building: false,
      queueId: triggered.queueId,
    });
  });

  it('accepts 303 for an identical waiting item and reports the same queue item, not following the redirect', async () => {
    jenkins.pauseQueue();
    const jc = client();
    const first = await jc.trigger(PARAMS);
    const second = await jc.trigger(PARAMS);
    expect(second).toMatchObject({ queueId: first.queueId, merged: true });
    expect(jenkins.triggers.map((t) => t.status)).toEqual([201, 303]);
    expect(jenkins.requests.filter((r) => r.method === 'GET')).toHaveLength(0);
  });

  it('finds the build by queue id after Jenkins forgets the left item', async () => {
    await jenkins.stop();
    await start({ leftItemRetentionMs: 50 });
    const jc = client();
    const { queueId } = await jc.trigger(PARAMS);
    await waitFor('the queue item to be forgotten', async () => (await jc.queueItem(queueId)) === null);
    const build = await jc.findBuildByQueueId(queueId, Date.now() - 60_000);
    expect(build?.queueId).toBe(queueId);
  });

  it('finds a build by PROMOTION_ID or queue id beyond the 100 builds Jenkins lists under `builds`', async () => {
    const jc = client();
    const since = Date.now();
    const first = await jc.trigger({ ...PARAMS, PROMOTION_ID: 'oldest' });
    for (let i = 0; i < 120; i += 1) await jc.trigger({ ...PARAMS, PROMOTION_ID: `p-${i}` });
    await waitFor('121 builds', () => jenkins.builds('promote-environment').length === 121);
    const adopted = await jc.findByPromotionId('oldest', since);
    expect(adopted).toMatchObject({ queueId: first.queueId, build: { number: 1 } });
    expect((await jc.findBuildByQueueId(first.queueId, since))?.number).toBe(1);
    expect(await jc.findByPromotionId('never-sent', since)).toBeNull();
  });

  it('fetches a crumb only when Jenkins asks, and sends its session cookie back', async () => {
    await jenkins.stop();
    await start({ crumbForApiTokens: true });
    const jc = client();
    await jc.trigger(PARAMS);
    await jc.trigger({ ...PARAMS, PROMOTION_ID: 'p2' });
    const paths = jenkins.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(paths.filter((p) => p.includes('crumbIssuer'))).toHaveLength(1);
    expect(jenkins.triggers.map((t) => t.status)).toEqual([403, 201, 201]);
  });

  it('sends no crumb request when API tokens need none', async () => {
    await client().trigger(PARAMS);
    expect(jenkins.requests.some((r) => r.path.includes('crumbIssuer'))).toBe(false);
  });

  it.each([
    ['unknown job', () => client({ job: 'nope' }), 404, 'does not exist'],
    [
      'disabled job',
      () => (jenkins.updateJob('promote-environment', { disabled: true }), client()),
      409,
      'disabled',
    ],
    [
      'job without parameters',
      () => (jenkins.updateJob('promote-environment', { parameters: null }), client()),
      400,
      'must declare',
    ],
    ['wrong token', () => client({ apiToken: 'wrong' }), 401, 'JENKINS_API_TOKEN'],
  ])('classifies %s as a configuration error that names the fix', async (_name, make, status, hint) => {
    const error = await make()
      .trigger(PARAMS)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JenkinsConfigError);
    expect((error as JenkinsConfigError).status).toBe(status);
    expect((error as Error).message).toContain(hint);
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it.each([
    ['down (503)', { mode: 'down' as const }],
    ['refusing connections', { mode: 'refuse' as const }],
    ['overloaded (429)', { mode: 'down' as const, downStatus: 429 }],
    ['slow beyond the timeout', { delayMs: 3_000 }],
  ])('classifies Jenkins %s as unavailable', async (_name, fault) => {
    jenkins.faults.set(fault);
    const error = await client({ timeoutMs: 500 })
      .trigger(PARAMS)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JenkinsUnavailableError);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    jenkins.faults.reset();
  });

  it('reports the job and the parameters it declares', async () => {
    expect(await client().jobInfo()).toEqual({ buildable: true, parameters: JOB_PARAMETERS });
    expect(await client({ job: 'missing' }).jobInfo()).toBeNull();
  });
});
