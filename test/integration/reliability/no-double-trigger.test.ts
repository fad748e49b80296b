import { afterEach, describe, expect, it } from 'vitest';
import { promotionId } from '@auto-promote/domain';
import { JenkinsClient } from '@auto-promote/jenkins';
import { startService, type RunningService } from '@auto-promote/runtime';
import { createLogger } from '@auto-promote/observability';
import { LogCapture, SECRETS, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

let stack: Stack | undefined;
let dispatcher: RunningService | undefined;
afterEach(async () => {
  await dispatcher?.close(2_000);
  dispatcher = undefined;
  await stack?.stop();
  stack = undefined;
});

/**
 * The crash window: the dispatcher recorded its intent and Jenkins accepted the trigger, but the
 * process died before it recorded the queue item. A restarted dispatcher must adopt, not trigger again.
 */
async function crashAfterJenkinsAccepted(options: { buildStarted: boolean }) {
  stack = await startStack({ name: 'adopt', roles: ['ingress', 'planner'] });
  const sha = await stack.commitApps('dev', { exampleApp: '4.2.0' });
  const id = promotionId({ app: 'exampleApp', sourceEnv: 'dev', targetEnv: 'stage', sha });
  const planned = await waitFor('the planned record', () => stack!.promotions.get(id));
  // What the crashed dispatcher managed: the intent, and the request Jenkins accepted.
  await stack.promotions.apply(planned, { kind: 'intend', at: new Date().toISOString() });
  if (!options.buildStarted) stack.jenkins.pauseQueue();
  const accepted = await new JenkinsClient({
    url: stack.jenkins.url,
    user: 'auto-promote',
    apiToken: SECRETS.jenkinsToken,
    job: 'promote-environment',
  }).trigger({
    APP_NAME: 'exampleApp',
    SOURCE_ENV: 'dev',
    TARGET_ENV: 'stage',
    IMAGE_TAG: '4.2.0',
    PROMOTION_ID: id,
  });
  if (options.buildStarted) {
    await waitFor('the build to start', () => stack!.jenkins.builds('promote-environment').length === 1);
  }
  const logs = new LogCapture();
  dispatcher = await startService(stack.config, {
    roles: ['dispatcher'],
    http: false,
    logger: createLogger({ level: 'debug', destination: logs }),
  });
  if (!options.buildStarted) {
    await waitFor('the adoption', () => logs.text.includes('adopted a trigger'));
    stack.jenkins.resumeQueue();
  }
  const [record] = await stack.settled([id]);
  return { record, accepted, logs };
}

describe('no double trigger after a crash', () => {
  it('adopts a queue item still waiting in Jenkins', async () => {
    const { record, accepted } = await crashAfterJenkinsAccepted({ buildStarted: false });
    expect(record).toMatchObject({ status: 'succeeded', jenkins: { queueId: accepted.queueId } });
    expect(stack!.jenkins.triggers).toHaveLength(1);
    expect(stack!.jenkins.builds('promote-environment')).toHaveLength(1);
  });

  it('adopts a build that already started', async () => {
    const { record, accepted, logs } = await crashAfterJenkinsAccepted({ buildStarted: true });
    expect(record).toMatchObject({
      status: 'succeeded',
      jenkins: { queueId: accepted.queueId, buildNumber: 1 },
    });
    expect(stack!.jenkins.triggers).toHaveLength(1);
    expect(logs.text).toContain('adopted a trigger');
  });

  it('triggers normally when the intent was recorded but the request never reached Jenkins', async () => {
    stack = await startStack({ name: 'intent-only', roles: ['ingress', 'planner'] });
    const sha = await stack.commitApps('dev', { postgres: '16.9' });
    const id = promotionId({ app: 'postgres', sourceEnv: 'dev', targetEnv: 'stage', sha });
    const planned = await waitFor('the planned record', () => stack!.promotions.get(id));
    await stack.promotions.apply(planned, { kind: 'intend', at: new Date().toISOString() });
    dispatcher = await startService(stack.config, {
      roles: ['dispatcher'],
      http: false,
      logger: createLogger({ level: 'silent' }),
    });
    const [record] = await stack.settled([id]);
    expect(record?.status).toBe('succeeded');
    expect(stack.jenkins.triggers).toHaveLength(1);
  });
});
