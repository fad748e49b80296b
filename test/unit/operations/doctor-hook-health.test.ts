import { describe, expect, it } from 'vitest';
import type { ProjectHook } from '@auto-promote/gitlab';
import { hookHealthCheck } from '@auto-promote/operations';

const hook = (alertStatus: ProjectHook['alertStatus'], disabledUntil: string | null = null): ProjectHook => ({
  id: 5,
  url: 'https://ap/webhooks/gitlab',
  pushEventsBranchFilter: '',
  branchFilterStrategy: null,
  enableSslVerification: true,
  events: { push_events: true },
  alertStatus,
  disabledUntil,
});

describe("doctor's webhook health check", () => {
  it('fails for a disabled hook and names both fixes', () => {
    const check = hookHealthCheck(hook('disabled'), null, false);
    expect(check).toMatchObject({ name: 'webhook health', status: 'fail' });
    expect(check.fix).toContain('GITLAB_HOOK_REPAIR=true');
    expect(check.fix).toContain('auto-promote doctor');
  });

  it('warns for a paused hook, with when GitLab resumes it and the last repair', () => {
    const check = hookHealthCheck(
      hook('temporarily_disabled', '2026-12-03T16:00:00.000Z'),
      {
        status: 'temporarily_disabled',
        disabledUntil: '2026-12-03T16:00:00.000Z',
        hookId: 5,
        url: 'https://ap/webhooks/gitlab',
        checkedAt: '2026-12-03T15:00:00.000Z',
        lastRepair: { at: '2026-12-03T15:00:00.000Z', outcome: 'failed', message: 'Hook execution failed' },
      },
      true,
    );
    expect(check.status).toBe('warn');
    expect(check.detail).toContain('until 2026-12-03T16:00:00.000Z');
    expect(check.detail).toContain('last repair failed');
    expect(check.fix).toContain('GITLAB_HOOK_REPAIR is on');
  });

  it('passes for an executable hook, and for a GitLab that reports no alert status', () => {
    expect(hookHealthCheck(hook('executable'), null, false).status).toBe('ok');
    expect(hookHealthCheck(hook(null), null, false)).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('unknown') as unknown,
    });
  });
});
