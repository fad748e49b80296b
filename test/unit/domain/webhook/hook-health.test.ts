import { describe, expect, it } from 'vitest';
import {
  autoPromoteHooks,
  describeHookHealth,
  hookStatusOf,
  hookStatusSamples,
  isHookDisabled,
} from '@auto-promote/domain';

describe('hookStatusOf', () => {
  it("is GitLab's alert status, missing without a hook, unknown when GitLab reports none", () => {
    expect(hookStatusOf({ alertStatus: 'disabled' })).toBe('disabled');
    expect(hookStatusOf({ alertStatus: 'temporarily_disabled' })).toBe('temporarily_disabled');
    expect(hookStatusOf({ alertStatus: null })).toBe('unknown');
    expect(hookStatusOf(undefined)).toBe('missing');
  });

  it('calls only the two auto-disabled states disabled', () => {
    expect(
      ['executable', 'temporarily_disabled', 'disabled', 'missing', 'unknown'].filter((s) =>
        isHookDisabled(s as Parameters<typeof isHookDisabled>[0]),
      ),
    ).toEqual(['temporarily_disabled', 'disabled']);
  });
});

describe('hookStatusSamples', () => {
  it('sets 1 for the current status and 0 for every other, unknown before the first look', () => {
    expect(Object.fromEntries(hookStatusSamples('disabled'))).toEqual({
      executable: 0,
      temporarily_disabled: 0,
      disabled: 1,
      missing: 0,
      unknown: 0,
    });
    expect(Object.fromEntries(hookStatusSamples(null))['unknown']).toBe(1);
  });
});

describe('describeHookHealth', () => {
  it('names the hook and when a paused hook resumes', () => {
    expect(
      describeHookHealth({
        status: 'temporarily_disabled',
        hookId: 3,
        disabledUntil: '2026-01-01T00:00:00Z',
      }),
    ).toBe(
      'hook #3 is temporarily disabled by GitLab after consecutive failures (until 2026-01-01T00:00:00Z)',
    );
    expect(describeHookHealth({ status: 'missing', hookId: null, disabledUntil: null })).toContain(
      'no GitLab hook',
    );
  });
});

describe('autoPromoteHooks', () => {
  const hooks = [
    { id: 9, url: 'https://ap.example.com/webhooks/gitlab/' },
    { id: 2, url: 'https://elsewhere.example.com/hook' },
    { id: 4, url: 'HTTPS://AP.example.com:443/webhooks/gitlab' },
  ];

  it('matches the configured URL as setup webhook does (normalised), lowest id first', () => {
    expect(autoPromoteHooks(hooks, 'https://ap.example.com/webhooks/gitlab').map((h) => h.id)).toEqual([
      4, 9,
    ]);
    expect(autoPromoteHooks(hooks, 'https://other.example.com/webhooks/gitlab')).toEqual([]);
  });

  it('without a URL, takes every hook pointing at an ingress', () => {
    expect(autoPromoteHooks(hooks, null).map((h) => h.id)).toEqual([4, 9]);
  });
});
