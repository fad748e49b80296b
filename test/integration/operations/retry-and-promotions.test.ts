import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promotionId } from '@auto-promote/domain';
import { shortPromotionId } from '@auto-promote/operations';
import { QUEUE_NAMES } from '@auto-promote/queues';
import type { PromotionRecord } from '@auto-promote/records';
import { startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';
import { cli, stackEnv } from './support/cli';

let stack: Stack;
let queue: Queue;
beforeAll(async () => {
  stack = await startStack({
    name: 'ops-retry',
    apps: { exampleApp: '1.0.0', postgres: '16.1', apiGateway: '2.0.0' },
  });
  queue = new Queue(QUEUE_NAMES.promotions, { connection: stack.redis, prefix: stack.prefix });
});
afterAll(async () => {
  await queue?.close();
  await stack?.stop();
});

const idFor = (app: string, sha: string) => promotionId({ app, sourceEnv: 'dev', targetEnv: 'stage', sha });
const successes = (id: string) =>
  stack.jenkins.triggers.filter((t) => t.params['PROMOTION_ID'] === id && t.status === 201).length;

describe('auto-promote retry', () => {
  it('sends an abandoned promotion (its job in the failed set) through again, keeping the retry in the record', async () => {
    stack.jenkins.updateJob('promote-environment', { disabled: true });
    const sha = await stack.commitApps('dev', { exampleApp: '1.0.1' });
    const id = idFor('exampleApp', sha);
    const [abandoned] = await stack.settled([id]);
    expect(abandoned).toMatchObject({ status: 'abandoned' });
    expect(abandoned?.reason).toContain('is disabled');
    expect(await (await queue.getJob(id))?.getState()).toBe('failed');

    stack.jenkins.updateJob('promote-environment', { disabled: false });
    const short = shortPromotionId(abandoned!);
    const retried = await cli(['retry', short, '--json'], stackEnv(stack));
    expect(retried.code).toBe(0);
    expect(retried.json()).toMatchObject({ job: 'retried', record: { status: 'planned', reason: null } });
    const [done] = await stack.settled([id]);
    expect(done).toMatchObject({ status: 'succeeded', lastError: null, triggerIntentAt: expect.any(String) });
    expect(done?.retries).toEqual([
      expect.objectContaining({ fromStatus: 'abandoned', reason: abandoned?.reason, buildUrl: null }),
    ]);
    expect(successes(id)).toBe(1);
  });

  it('retries a failed build (its job completed) and follows the new build', async () => {
    stack.jenkins.updateJob('promote-environment', { result: 'FAILURE' });
    const sha = await stack.commitApps('dev', { postgres: '16.2' });
    const id = idFor('postgres', sha);
    const [failed] = await stack.settled([id]);
    expect(failed?.status).toBe('failed');
    stack.jenkins.updateJob('promote-environment', { result: 'SUCCESS' });

    const retried = await cli(['retry', id], stackEnv(stack));
    // A finished promotion job is removed at once (the record is the history): retry adds it anew.
    expect(retried.stdout).toBe(`retrying ${id} (retry 1, was failed): back to planned, job added\n`);
    const [done] = await stack.settled([id]);
    expect(done?.status).toBe('succeeded');
    expect(done?.jenkins.buildNumber).toBeGreaterThan(failed!.jenkins.buildNumber!);
    expect(done?.retries?.[0]).toMatchObject({ fromStatus: 'failed', buildUrl: failed?.jenkins.buildUrl });
    expect(successes(id)).toBe(2);
  });

  it('refuses what it must not retry, unless forced past a newer promotion', async () => {
    const env = stackEnv(stack);
    stack.jenkins.updateJob('promote-environment', { result: 'FAILURE' });
    const older = await stack.commitApps('dev', { apiGateway: '2.0.1' });
    const [failed] = await stack.settled([idFor('apiGateway', older)]);
    stack.jenkins.updateJob('promote-environment', { result: 'SUCCESS' });
    const newer = await stack.commitApps('dev', { apiGateway: '2.0.2' });
    const [succeeded] = await stack.settled([idFor('apiGateway', newer)]);

    const notFinal = await cli(['retry', succeeded!.id], env);
    expect(notFinal.code).toBe(1);
    expect(notFinal.stderr).toContain('is succeeded: only abandoned or failed promotions can be retried');
    const stale = await cli(['retry', failed!.id], env);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(`a newer promotion of apiGateway to stage exists (${succeeded!.id})`);
    expect((await cli(['retry', 'nope~dev~stage~abcdef12'], env)).stderr).toContain('no promotion record');

    await (await queue.getJob(failed!.id))?.remove(); // retention removed the finished job
    const forced = await cli(['retry', failed!.id, '--force', '--json'], env);
    expect(forced.json()).toMatchObject({ job: 'added' });
    const [done] = await stack.settled([failed!.id]);
    expect(done?.status).toBe('succeeded');
  });
});

describe('auto-promote promotions', () => {
  it('lists records as a table, filters, prints JSON, and --watch refreshes until interrupted', async () => {
    const env = stackEnv(stack);
    const table = await cli(['promotions', '--limit', '3'], env);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+APP\s+FROM→TO\s+TAG\s+STATUS\s+BUILD\s+AGE$/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(
      /^apiGateway~dev~stage~[0-9a-f]{8}\s+apiGateway\s+dev→stage\s+2\.0\.2\s+succeeded\s+#\d+\s+\d+[smhd]$/,
    );

    const failedOnly = await cli(['promotions', '--status', 'succeeded', '--app', 'postgres', '--json'], env);
    const { items } = failedOnly.json<{ items: PromotionRecord[] }>();
    expect(items.map((r) => [r.app, r.status])).toEqual([['postgres', 'succeeded']]);
    expect((await cli(['promotions', '--status', 'nope'], env)).code).toBe(2);

    const controller = new AbortController();
    let output = '';
    const renders = () => output.match(/every 50 ms, Ctrl-C to stop/g)?.length ?? 0;
    const watching = cli(['promotions', '--watch', '--interval', '50', '--app', 'exampleApp'], env, {
      signal: controller.signal,
      onStdout: (text) => (output = text),
    });
    await waitFor('the watch to render twice', () => renders() >= 2);
    controller.abort();
    const run = await watching;
    expect(run.code).toBe(0);
    expect(output).toContain('exampleApp~dev~stage~');
  });
});
