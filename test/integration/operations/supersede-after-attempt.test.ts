import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promotionId } from '@auto-promote/domain';
import { startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ name: 'ops-supersede' });
});
afterAll(async () => {
  await stack?.stop();
});

const idFor = (app: string, sha: string) => promotionId({ app, sourceEnv: 'dev', targetEnv: 'stage', sha });

describe('latest wins against an attempt under way', () => {
  it('supersedes an older promotion whose attempt was under way when the newer one was planned', async () => {
    stack.jenkins.faults.set({ mode: 'down' });
    try {
      const older = await stack.commitApps('dev', { exampleApp: '4.0.0' });
      const olderId = idFor('exampleApp', older);
      await waitFor('a failed attempt', async () => (await stack.promotions.get(olderId))?.lastError);
      // As if the dispatcher were sending it right now: the planner may not supersede it.
      const attempted = await stack.promotions.require(olderId);
      await stack.promotions.apply(attempted, { kind: 'intend', at: new Date().toISOString() });
      const newer = await stack.commitApps('dev', { exampleApp: '4.1.0' });
      await waitFor('the newer promotion', async () => stack.promotions.get(idFor('exampleApp', newer)));
      // While the intent stands the planner may not supersede it (the lifecycle's guard, tested on the store);
      // its next attempt fails without reaching Jenkins, clears the intent, and then it is superseded —
      // whether the dispatcher's retry or the planner gets there first.

      const superseded = await waitFor('the older promotion to be superseded', async () => {
        const r = await stack.promotions.get(olderId);
        return r?.status === 'superseded' ? r : undefined;
      });
      expect(superseded.supersededBy).toBe(idFor('exampleApp', newer));
      stack.jenkins.faults.reset();
      const [latest] = await stack.settled([idFor('exampleApp', newer)]);
      expect(latest?.status).toBe('succeeded');
      expect(
        stack.jenkins.triggers.filter((t) => t.status === 201).map((t) => t.params['IMAGE_TAG']),
      ).toEqual(['4.1.0']);
    } finally {
      stack.jenkins.faults.reset();
    }
  });
});
