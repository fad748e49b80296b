import { afterEach, describe, expect, it } from 'vitest';
import { promotionId } from '@auto-promote/domain';
import { postWebhook, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

const idFor = (app: string, sha: string) => promotionId({ app, sourceEnv: 'dev', targetEnv: 'stage', sha });

describe('latest wins', () => {
  it('supersedes an older promotion that has not been triggered when a newer commit of the app is planned', async () => {
    stack = await startStack({ name: 'supersede' });
    stack.jenkins.faults.set({ mode: 'down' });
    const older = await stack.commitApps('dev', { exampleApp: '1.1.0', postgres: '16.3' });
    await waitFor(
      'the older promotion to be tried',
      async () => (await stack!.promotions.get(idFor('exampleApp', older)))?.lastError,
    );
    const newer = await stack.commitApps('dev', { exampleApp: '1.2.0' });
    const superseded = await waitFor('the older promotion to be superseded', async () => {
      const r = await stack!.promotions.get(idFor('exampleApp', older));
      return r?.status === 'superseded' ? r : undefined;
    });
    expect(superseded.supersededBy).toBe(idFor('exampleApp', newer));
    expect(superseded.reason).toContain('newer commit');

    stack.jenkins.faults.reset();
    const [latest, postgres] = await stack.settled([idFor('exampleApp', newer), idFor('postgres', older)]);
    expect(latest?.status).toBe('succeeded');
    expect(postgres?.status).toBe('succeeded'); // another app of the older push is not affected
    const triggered = stack.jenkins.triggers
      .filter((t) => t.status === 201)
      .map((t) => `${t.params['APP_NAME']}:${t.params['IMAGE_TAG']}`);
    expect(triggered.sort()).toEqual(['exampleApp:1.2.0', 'postgres:16.3']);
  });

  it('never promotes an older commit delivered after a newer one (out-of-order or late delivery)', async () => {
    stack = await startStack({ name: 'out-of-order', hook: false });
    const base = stack.project.branchHead('dev')!;
    const first = await stack.commitApps('dev', { exampleApp: '2.1.0' });
    const second = await stack.commitApps('dev', { exampleApp: '2.2.0' });
    const payload = (before: string, after: string) =>
      stack!.gitlab.buildPushPayload(stack!.project, { ref: 'refs/heads/dev', before, after });
    expect((await postWebhook(stack.url, await payload(first, second))).status).toBe(202);
    await stack.settled([idFor('exampleApp', second)]);
    expect((await postWebhook(stack.url, await payload(base, first))).status).toBe(202);
    const [late] = await stack.settled([idFor('exampleApp', first)]);
    expect(late).toMatchObject({ status: 'superseded', supersededBy: idFor('exampleApp', second) });
    expect(stack.jenkins.triggers.map((t) => t.params['IMAGE_TAG'])).toEqual(['2.2.0']);
  });

  it('does not repeat a promotion when dev is rewound to a commit already promoted (same identity)', async () => {
    stack = await startStack({ name: 'rollback' });
    const good = await stack.commitApps('dev', { exampleApp: '3.0.0' });
    await stack.settled([idFor('exampleApp', good)]);
    const bad = await stack.commitApps('dev', { exampleApp: '3.1.0-bad' });
    await stack.settled([idFor('exampleApp', bad)]);
    // Rewind dev to the good commit: (app, dev, stage, sha) is a promotion that already happened.
    await stack.project.forcePush('dev', good);
    await waitFor(
      'the rollback event to be planned',
      () => stack!.gitlab.hookDeliveries.at(-1)?.status === 202,
    );
    const rollback = idFor('exampleApp', good);
    const [record] = await stack.settled([rollback]);
    expect(record?.status).toBe('succeeded'); // the same id as the first promotion: already done, not repeated
    expect(stack.jenkins.triggers.map((t) => t.params['IMAGE_TAG'])).toEqual(['3.0.0', '3.1.0-bad']);
  });
});
