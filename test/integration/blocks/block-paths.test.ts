import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promotionId, type VersionBlock } from '@auto-promote/domain';
import type { PromotionRecord } from '@auto-promote/records';
import type { BoardSnapshot } from '@auto-promote/board-view';
import { adminHeaders, manifest, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';
import { cli, stackEnv } from '../operations/support/cli';

/**
 * A quarantined version is never triggered, whichever path plans it — webhook, reconciler, replay,
 * `promote` without --force, or a promotion already planned (held by a freeze) when the block is placed —
 * and `unblock` lets a replay or `promote` send it again, exactly once. Jenkins' own list of triggers is
 * the proof.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ name: 'blocks', env: { RECONCILE_INTERVAL: '300ms' } });
});
afterAll(async () => {
  await stack?.stop();
});

const idFor = (app: string, sha: string, source = 'dev', target = 'stage') =>
  promotionId({ app, sourceEnv: source, targetEnv: target, sha });
const triggersOf = (id: string) =>
  stack.jenkins.triggers.filter((t) => t.params['PROMOTION_ID'] === id).length;
const record = async (id: string) => (await stack.promotions.get(id)) as PromotionRecord;
const run = (argv: string[]) => cli(argv, stackEnv(stack, { USER: 'carol' }));
const block = async (argv: string[]): Promise<VersionBlock> => {
  const placed = await run(['block', ...argv, '--json']);
  expect(placed.code, placed.stderr).toBe(0);
  return placed.json<{ block: VersionBlock }>().block;
};

describe('a blocked version', () => {
  it('is skipped on push with the block named, and goes again after unblock and a replay — once', async () => {
    const placed = await block([
      '--app',
      'exampleApp',
      '--tag',
      '1.0.43-rc1-abc1234',
      '--reason',
      'CVE-2026-1',
      '--by',
      'alice',
    ]);
    expect(placed).toMatchObject({ app: 'exampleApp', target: null, by: 'alice', liftedAt: null });
    const before = stack.project.branchHead('dev')!;
    const sha = await stack.commitApps('dev', { exampleApp: '1.0.43-rc1-abc1234', postgres: '16.2' });
    const [blocked, other] = await stack.settled([idFor('exampleApp', sha), idFor('postgres', sha)]);
    expect(blocked).toMatchObject({
      status: 'skipped',
      imageTag: '1.0.43-rc1-abc1234',
      blockedBy: { id: placed.id, by: 'alice', reason: 'CVE-2026-1' },
    });
    expect(blocked?.reason).toBe(`blocked: CVE-2026-1 (by alice, ${placed.createdAt})`);
    expect(other?.status).toBe('succeeded'); // the rest of the push flows
    expect(triggersOf(blocked!.id)).toBe(0);

    // A replay while it is blocked changes nothing.
    const replayArgs = ['replay', '--ref', 'dev', '--before', before, '--after', sha];
    expect((await run(replayArgs)).code).toBe(0);
    await waitFor('the replay to be planned', async () =>
      (await stack.infra.events.recent()).some((e) => e.source === 'replay' && e.status === 'planned'),
    );
    expect(await record(blocked!.id)).toMatchObject({ status: 'skipped', blockedBy: { id: placed.id } });

    const lifted = await run(['unblock', '--id', placed.id]);
    expect(lifted.code).toBe(0);
    expect(lifted.stdout).toContain(
      `unblocked exampleApp at 1.0.43-rc1-abc1234 (every target) [block ${placed.id}, by carol]`,
    );
    expect(triggersOf(blocked!.id)).toBe(0); // lifting alone sends nothing
    expect((await run(replayArgs)).code).toBe(0);
    const sent = await waitFor('the unblocked promotion to succeed', async () => {
      const r = await record(blocked!.id);
      return r.status === 'succeeded' ? r : undefined;
    });
    expect(sent.blockedBy).toBeNull();
    expect(triggersOf(blocked!.id)).toBe(1);
    expect((await run(replayArgs)).code).toBe(0); // and a third replay does not send it twice
    await waitFor(
      'three replays planned',
      async () =>
        (await stack.infra.events.recent()).filter((e) => e.source === 'replay' && e.status === 'planned')
          .length >= 3,
    );
    expect(triggersOf(blocked!.id)).toBe(1);

    const audit = (await run(['blocks', '--all', '--json'])).json<VersionBlock[]>();
    expect(audit.find((b) => b.id === placed.id)).toMatchObject({ liftedBy: 'carol', by: 'alice' });
    expect((await run(['blocks', '--json'])).json<VersionBlock[]>().some((b) => b.id === placed.id)).toBe(
      false,
    );
  });

  it('is refused by promote without --force, nothing queued, and goes with --force', async () => {
    const placed = await block(['--app', 'postgres', '--tag', '16.9', '--reason', 'bad migration']);
    expect(placed.by).toBe('carol'); // the OS user by default
    const sha = await stack.project.commit({
      branch: 'stage',
      message: 'postgres 16.9 straight to stage',
      files: { 'manifests/postgres/postgres.yaml': manifest('postgres', '16.9') },
    });
    const toProd = idFor('postgres', sha, 'stage', 'prod');
    await stack.settled([toProd]); // the push itself: skipped
    expect(await record(toProd)).toMatchObject({ status: 'skipped', blockedBy: { id: placed.id } });

    const refused = await run(['promote', '--app', 'postgres', '--from', 'stage', '--sha', sha]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('bad migration');
    expect(refused.stderr).toContain(`auto-promote unblock --id ${placed.id}`);
    expect(triggersOf(toProd)).toBe(0);

    const forced = await run(['promote', '--app', 'postgres', '--from', 'stage', '--sha', sha, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    await waitFor(
      'the forced promotion to succeed',
      async () => (await record(toProd)).status === 'succeeded',
    );
    expect(triggersOf(toProd)).toBe(1);
    expect((await run(['blocks', '--json'])).json<VersionBlock[]>().some((b) => b.id === placed.id)).toBe(
      true,
    );
  });

  it('applies to its target only when given one', async () => {
    await block(['--app', 'exampleApp', '--tag', '3.0.0', '--target', 'prod', '--reason', 'prod only']);
    const dev = await stack.commitApps('dev', { exampleApp: '3.0.0' });
    const [toStage] = await stack.settled([idFor('exampleApp', dev)]);
    expect(toStage?.status).toBe('succeeded');
    const stage = await stack.commitApps('stage', { exampleApp: '3.0.0' });
    const [toProd] = await stack.settled([idFor('exampleApp', stage, 'stage', 'prod')]);
    expect(toProd).toMatchObject({ status: 'skipped', blockedBy: { reason: 'prod only' } });
    const table = await run(['blocks']);
    expect(table.stdout).toMatch(/exampleApp\s+3\.0\.0\s+prod\s+carol\s+\S+\s+prod only/);

    // The board shows the app's blocks and why its promotion was skipped.
    const board = (await (
      await fetch(`${stack.url}/api/board`, { headers: adminHeaders() })
    ).json()) as BoardSnapshot;
    expect(board.blocks).toContainEqual(
      expect.objectContaining({
        app: 'exampleApp',
        kind: 'tag',
        version: '3.0.0',
        target: 'prod',
        by: 'carol',
      }),
    );
    const row = board.rows.find((r) => r.app === 'exampleApp');
    expect(row?.promotions['stage→prod']).toMatchObject({
      status: 'skipped',
      blockedBy: { reason: 'prod only' },
    });
  });

  it('skips a promotion held by a freeze when blocked meanwhile, and unblock + promote sends it once', async () => {
    expect((await run(['freeze', '--target', 'stage', '--reason', 'release train'])).code).toBe(0);
    const sha = await stack.commitApps('dev', { exampleApp: '4.0.0' });
    const held = idFor('exampleApp', sha);
    await waitFor('the promotion to be held by the freeze', async () => (await record(held))?.frozen);
    const placed = await block(['--app', 'exampleApp', '--sha', sha, '--reason', 'wrong commit']);
    // Skipped at its next look, while the freeze still lasts.
    const skipped = await waitFor('the held promotion to be skipped', async () => {
      const r = await record(held);
      return r.status === 'skipped' ? r : undefined;
    });
    expect(skipped).toMatchObject({ frozen: null, blockedBy: { id: placed.id, reason: 'wrong commit' } });
    expect((await run(['unfreeze', '--target', 'stage'])).code).toBe(0);
    expect(triggersOf(held)).toBe(0);

    expect((await run(['unblock', '--app', 'exampleApp', '--sha', sha])).code).toBe(0);
    const again = await run(['promote', '--app', 'exampleApp', '--from', 'dev', '--sha', sha]);
    expect(again.code, again.stderr).toBe(0);
    await waitFor(
      'the unblocked promotion to succeed',
      async () => (await record(held)).status === 'succeeded',
    );
    expect(triggersOf(held)).toBe(1);
  });

  it('shows as skipped in the dry run (plan)', async () => {
    await block(['--app', 'postgres', '--tag', '18.0', '--reason', 'dry run']);
    const before = stack.project.branchHead('dev')!;
    // Two commits in one push: the first is never planned on its own, so the dry run of it is fresh.
    const [first] = await stack.project.push('dev', [
      {
        message: 'postgres 18.0',
        files: { 'manifests/postgres/postgres.yaml': manifest('postgres', '18.0') },
      },
      { message: 'unrelated', files: { 'env.cue': 'package deployments // 2\n' } },
    ]);
    const plan = await run(['plan', '--ref', 'dev', '--before', before, '--after', first!]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/postgres\s+postgres\s+18\.0\s+skip\s+blocked: dry run \(by carol, /);
  });

  it('is skipped when the reconciler plans a push whose webhook never came', async () => {
    await block(['--app', 'postgres', '--tag', '17.0', '--reason', 'not yet']);
    const hooks = stack.project.hooks.list();
    for (const hook of hooks) stack.project.hooks.remove(hook.id);
    const sha = await stack.commitApps('dev', { postgres: '17.0' });
    const [missed] = await stack.settled([idFor('postgres', sha)]);
    expect(missed).toMatchObject({
      status: 'skipped',
      source: 'reconcile',
      blockedBy: { reason: 'not yet' },
    });
    expect(triggersOf(missed!.id)).toBe(0);
  });
});
