import { afterEach, describe, expect, it } from 'vitest';
import { promotionId, type HookHealth } from '@auto-promote/domain';
import type { DoctorReport } from '@auto-promote/operations';
import { HookHealthStore } from '@auto-promote/records';
import { adminHeaders, readMetric, serviceEnv, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';
import { cli } from '../operations/support/cli';

/**
 * GitLab disables a failing hook without telling anyone: the reconciler reads the hook's alert_status, reports
 * it (metric, Redis, doctor, board) and, with GITLAB_HOOK_REPAIR=true only, re-enables it with a test request.
 */
let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

const status = (s: string) => `auto_promote_gitlab_hook_status{status="${s}"}`;
const idFor = (app: string, sha: string) => promotionId({ app, sourceEnv: 'dev', targetEnv: 'stage', sha });

async function start(
  name: string,
  env: Record<string, string> = {},
  olderGitLab = false,
): Promise<{ s: Stack; hookId: number }> {
  const s = await startStack({ name, env: { RECONCILE_INTERVAL: '250ms', ...env }, gitlab: { olderGitLab } });
  stack = s;
  await waitFor('the first look', async () => s.redis.get(`${s.prefix}:planned-head:dev`));
  return { s, hookId: s.project.hooks.list()[0]!.id };
}

function healthOf(s: Stack, want: (h: HookHealth) => boolean): Promise<HookHealth> {
  const store = new HookHealthStore(s.redis, s.prefix);
  return waitFor('the hook health', async () => {
    const health = await store.get();
    return health && want(health) ? health : undefined;
  });
}

describe('webhook health', () => {
  it('reports a disabled hook, leaves it alone without GITLAB_HOOK_REPAIR, and counts the missed push', async () => {
    const { s, hookId } = await start('hook-health-report');
    await healthOf(s, (h) => h.status === 'executable');
    expect(await readMetric(s.url, status('executable'))).toBe(1);

    s.project.hooks.forceAlertStatus(hookId, 'disabled', Date.now());
    const health = await healthOf(s, (h) => h.status === 'disabled');
    expect(health).toMatchObject({ hookId, url: `${s.url}/webhooks/gitlab`, disabledUntil: null });
    expect(health.lastRepair).toBeUndefined();
    expect(await readMetric(s.url, status('disabled'))).toBe(1);
    expect(await readMetric(s.url, status('executable'))).toBe(0);

    // GitLab skips the disabled hook; the reconciler plans the push, and counts it as missed.
    const sha = await s.commitApps('dev', { exampleApp: '2.0.0' });
    const [record] = await s.settled([idFor('exampleApp', sha)]);
    expect(record).toMatchObject({ status: 'succeeded', source: 'reconcile' });
    expect(await readMetric(s.url, 'auto_promote_missed_webhooks_total{branch="dev"}')).toBe(1);

    // Several more runs: still disabled, never repaired, and warned about once.
    const checkedAt = health.checkedAt;
    await healthOf(s, (h) => h.checkedAt > checkedAt && h.status === 'disabled');
    expect(s.project.hooks.get(hookId).health.permanentlyDisabled).toBe(true);
    const warnings = s.logs.lines.filter(
      (l) => l.includes('disabled by GitLab') && l.includes('"level":"warn"'),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('GITLAB_HOOK_REPAIR=true');

    const doctor = await cli(['doctor', '--json', '--no-test-push'], serviceEnv(s));
    const check = doctor.json<DoctorReport>().checks.find((c) => c.name === 'webhook health');
    expect(check).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('GITLAB_HOOK_REPAIR=true') as unknown,
    });

    const board = (await (await fetch(`${s.url}/api/board`, { headers: adminHeaders() })).json()) as {
      hookAlert?: { status: string; message: string };
    };
    expect(board.hookAlert).toMatchObject({ status: 'disabled' });

    // doctor's own test push gets through, which re-enables the hook: the check says so.
    const again = await cli(['doctor', '--json', '--test-push-timeout', '5'], serviceEnv(s));
    const after = again.json<DoctorReport>().checks.find((c) => c.name === 'webhook health');
    expect(after).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining("doctor's test push") as unknown,
    });
    expect(s.project.hooks.get(hookId).health.permanentlyDisabled).toBe(false);
  });

  it('re-enables a disabled hook with GITLAB_HOOK_REPAIR=true, records the repair, and gets pushes again', async () => {
    const { s, hookId } = await start('hook-health-repair', { GITLAB_HOOK_REPAIR: 'true' });
    await healthOf(s, (h) => h.status === 'executable');
    s.project.hooks.forceAlertStatus(hookId, 'disabled', Date.now());

    const health = await healthOf(s, (h) => h.lastRepair !== undefined);
    expect(health).toMatchObject({ status: 'executable', hookId, lastRepair: { outcome: 'repaired' } });
    expect(health.repairedAt).toBe(health.lastRepair?.at);
    expect(s.project.hooks.get(hookId).health.permanentlyDisabled).toBe(false);
    expect(await readMetric(s.url, 'auto_promote_gitlab_hook_repairs_total{outcome="repaired"}')).toBe(1);
    expect(s.logs.text).toContain('GitLab re-enabled the webhook');

    const sha = await s.commitApps('dev', { exampleApp: '3.0.0' });
    const [record] = await s.settled([idFor('exampleApp', sha)]);
    expect(record).toMatchObject({ status: 'succeeded', source: 'webhook' });
    expect(await readMetric(s.url, 'auto_promote_missed_webhooks_total{branch="dev"}')).toBeNaN();

    const doctor = await cli(['doctor', '--json', '--no-test-push'], serviceEnv(s));
    const check = doctor.json<DoctorReport>().checks.find((c) => c.name === 'webhook health');
    expect(check).toMatchObject({ status: 'ok' });
  });

  it('reports a temporarily disabled hook with its disabled_until as a doctor warning', async () => {
    const { s, hookId } = await start('hook-health-paused');
    const hook = s.project.hooks.forceAlertStatus(hookId, 'temporarily_disabled', Date.now() + 600_000);
    const health = await healthOf(s, (h) => h.status === 'temporarily_disabled');
    expect(Date.parse(health.disabledUntil ?? '')).toBe(hook.health.disabledUntil);
    const doctor = await cli(['doctor', '--json', '--no-test-push'], serviceEnv(s));
    expect(doctor.json<DoctorReport>().checks.find((c) => c.name === 'webhook health')).toMatchObject({
      status: 'warn',
    });
  });

  it('reports unknown on a GitLab that has no alert_status, and never tries a repair', async () => {
    const { s } = await start('hook-health-older', { GITLAB_HOOK_REPAIR: 'true' }, true);
    const health = await healthOf(s, (h) => h.status === 'unknown');
    expect(health.lastRepair).toBeUndefined();
    expect(await readMetric(s.url, status('unknown'))).toBe(1);
    const doctor = await cli(['doctor', '--json', '--no-test-push'], serviceEnv(s));
    expect(doctor.json<DoctorReport>().checks.find((c) => c.name === 'webhook health')).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('unknown') as unknown,
    });
  });
});
