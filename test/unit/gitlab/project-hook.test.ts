import { describe, expect, it } from 'vitest';
import { parseHook } from '@auto-promote/gitlab';
import { listDir, realAnswer } from '../../fidelity/support/real-fixtures';

describe('parseHook: auto-disabling fields', () => {
  it("reads alert_status and disabled_until as GitLab's documented example answers them", () => {
    const hook = parseHook(
      realAnswer('gitlabhq_gitlabhq__project_webhooks.md_get-hook.json').json as Record<string, unknown>,
    );
    expect(hook).toMatchObject({ alertStatus: 'executable', disabledUntil: null });
  });

  it('reads a paused hook', () => {
    const hook = parseHook({
      id: 1,
      url: 'https://x/webhooks/gitlab',
      alert_status: 'temporarily_disabled',
      disabled_until: '2026-12-03T15:00:00.000Z',
    });
    expect(hook).toMatchObject({
      alertStatus: 'temporarily_disabled',
      disabledUntil: '2026-12-03T15:00:00.000Z',
    });
  });

  it('reads the real answers of older versions, which lack both, as unknown', () => {
    for (const file of listDir('api').filter((f) => /hook/i.test(f) && !f.includes('project_webhooks'))) {
      const json = realAnswer(file).json;
      for (const raw of Array.isArray(json) ? json : [json])
        expect(parseHook(raw as Record<string, unknown>)).toMatchObject({
          alertStatus: null,
          disabledUntil: null,
        });
    }
  });

  it('treats an alert status it does not know as unknown rather than failing', () => {
    expect(parseHook({ id: 1, url: 'u', alert_status: 'snoozed', disabled_until: 5 })).toMatchObject({
      alertStatus: null,
      disabledUntil: null,
    });
  });
});
