import { describe, expect, it } from 'vitest';
import { hookAlert } from '@auto-promote/board';
import type { HookHealth } from '@auto-promote/domain';

const health = (status: HookHealth['status']): HookHealth => ({
  status,
  disabledUntil: null,
  hookId: 7,
  url: 'https://ap/webhooks/gitlab',
  checkedAt: '2026-12-03T15:00:00.000Z',
});

describe('the board banner for the GitLab hook', () => {
  it('shows while GitLab sends the hook no pushes, with the fix', () => {
    expect(hookAlert(health('disabled'))).toMatchObject({
      status: 'disabled',
      hookId: 7,
      message: expect.stringContaining('GITLAB_HOOK_REPAIR=true') as unknown,
    });
    expect(hookAlert(health('missing'))?.message).toContain('setup webhook');
  });

  it('is absent while the hook is executable, its health unknown, or never checked', () => {
    expect(hookAlert(health('executable'))).toBeNull();
    expect(hookAlert(health('unknown'))).toBeNull();
    expect(hookAlert(null)).toBeNull();
  });
});
