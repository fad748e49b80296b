import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promotionId } from '@auto-promote/domain';
import type { PromotionRecord } from '@auto-promote/records';
import { adminHeaders, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';
import { cli, stackEnv } from './support/cli';

let stack: Stack;
beforeAll(async () => {
  // A short retry horizon: waiting for a freeze must still never abandon a promotion.
  stack = await startStack({ name: 'ops-freeze', env: { JENKINS_RETRY_HORIZON: '2s' } });
});
afterAll(async () => {
  await stack?.stop();
});

const id = (app: string, source: string, target: string, sha: string) =>
  promotionId({ app, sourceEnv: source, targetEnv: target, sha });
const metrics = async () => (await fetch(`${stack.url}/metrics`)).text();
const record = async (promotion: string) => (await stack.promotions.get(promotion)) as PromotionRecord;

describe('freeze and unfreeze', () => {
  it('holds promotions into a frozen target — visibly — while other targets flow, and releases them on unfreeze', async () => {
    const env = stackEnv(stack);
    const frozen = await cli(['freeze', '--target', 'stage', '--reason', 'release train', '--json'], env);
    expect(frozen.code).toBe(0);
    expect(frozen.json()).toMatchObject({ target: 'stage', reason: 'release train', until: null });

    const devSha = await stack.commitApps('dev', { exampleApp: '1.0.5' });
    const stageSha = await stack.commitApps('stage', { postgres: '16.5' });
    const held = id('exampleApp', 'dev', 'stage', devSha);
    const [toProd] = await stack.settled([id('postgres', 'stage', 'prod', stageSha)]);
    expect(toProd?.status).toBe('succeeded'); // another target keeps flowing

    const waiting = await waitFor('the stage promotion to be held', async () => {
      const r = await record(held);
      return r?.frozen ? r : undefined;
    });
    expect(waiting).toMatchObject({ status: 'planned', frozen: { reason: 'release train', until: null } });
    expect(stack.jenkins.triggers.some((t) => t.params['PROMOTION_ID'] === held)).toBe(false);

    const api = await fetch(`${stack.url}/api/promotions?target=stage`, { headers: adminHeaders() });
    const { items } = (await api.json()) as { items: PromotionRecord[] };
    expect(items.find((r) => r.id === held)?.frozen?.reason).toBe('release train');
    const text = await metrics();
    expect(text).toContain('auto_promote_frozen_targets{target="stage"} 1');
    expect(text).toContain('auto_promote_frozen_targets{target="prod"} 0');
    expect(text).toContain('auto_promote_frozen_promotions{target="stage"} 1');
    const table = await cli(['promotions', '--target', 'stage'], env);
    expect(table.stdout).toMatch(
      /exampleApp~dev~stage~[0-9a-f]{8}\s+exampleApp\s+dev→stage\s+1\.0\.5\s+planned \(frozen\)/,
    );
    const list = await cli(['freezes'], env);
    expect(list.stdout).toMatch(/stage\s+unfrozen\s+\S+\s+release train/);

    // Longer than JENKINS_RETRY_HORIZON since the promotion was created.
    await waitFor('the retry horizon to pass', () => Date.now() > Date.parse(waiting.createdAt) + 2_500, {
      timeoutMs: 5_000,
    });
    const lifted = await cli(['unfreeze', '--target', 'stage'], env);
    expect(lifted.code).toBe(0);
    expect(lifted.stdout).toBe('stage unfrozen; 1 held promotion(s) released\n');
    const [done] = await stack.settled([held]);
    expect(done).toMatchObject({ status: 'succeeded', frozen: null });
    expect(done?.retryHorizonFrom).not.toBeNull();
    expect(await metrics()).toContain('auto_promote_frozen_targets{target="stage"} 0');
    expect((await cli(['unfreeze', '--target', 'stage'], env)).stdout).toBe('stage was not frozen\n');
  });

  it('ends a freeze given --until by itself', async () => {
    const env = stackEnv(stack);
    const started = Date.now();
    const frozen = await cli(
      ['freeze', '--target', 'prod', '--until', '2s', '--reason', 'short window'],
      env,
    );
    expect(frozen.stdout).toMatch(/^prod frozen until \S+: short window\n$/);
    const sha = await stack.commitApps('stage', { exampleApp: '1.0.6' });
    const promotion = id('exampleApp', 'stage', 'prod', sha);
    const held = await waitFor(
      'the prod promotion to be held',
      async () => (await record(promotion))?.frozen,
    );
    expect(held.until).not.toBeNull();
    const [done] = await stack.settled([promotion], 10_000);
    expect(done?.status).toBe('succeeded');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect((await cli(['freezes', '--json'], env)).json()).toEqual([]);
  });

  it('refuses a target the promotion map does not have, and a freeze without end in the future', async () => {
    const env = stackEnv(stack);
    const unknown = await cli(['freeze', '--target', 'dev', '--reason', 'x'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("'dev' is not a promotion target (targets: stage, prod)");
    const past = await cli(
      ['freeze', '--target', 'prod', '--reason', 'x', '--until', '2020-01-01T00:00:00Z'],
      env,
    );
    expect(past.code).toBe(2);
    const missing = await cli(['freeze', '--target', 'prod'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--reason <text>' not specified");
  });
});
