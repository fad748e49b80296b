import { describe, expect, it } from 'vitest';
import { quotePath } from '../../../testing/emulators/src/gitlab/git/fast-import-script';
import { parseNameStatus, parseRawDiff, splitPatch } from '../../../testing/emulators/src/gitlab/git/parsers';
import { branchFilterMatches } from '../../../testing/emulators/src/gitlab/hooks/branch-filter';
import {
  alertStatus,
  GITLAB_HOOK_HEALTH,
  HEALTHY_HOOK,
  recordFailure,
  recordSuccess,
  type HookHealth,
} from '../../../testing/emulators/src/gitlab/hooks/hook-health';
import { transition } from '../../../testing/emulators/src/gitlab/model/commit-statuses';
import { gitDateIso } from '../../../testing/emulators/src/gitlab/model/time';
import { pageRequest, paginate } from '../../../testing/emulators/src/gitlab/routes/pagination';

describe('GitLab emulator pure helpers', () => {
  it.each([
    ['wildcard', 'dev,stage', 'dev', false],
    ['wildcard', 'dev,stage', 'dev,stage', true],
    ['wildcard', 'dev', 'dev', true],
    ['wildcard', 'dev', 'develop', false],
    ['wildcard', 'release/*', 'release/1.0', true],
    ['wildcard', 'release/*', 'hotfix/release/1', false],
    ['wildcard', 'a.b', 'aXb', false],
    ['wildcard', '', 'anything', true],
    ['regex', '^(dev|stage)$', 'stage', true],
    ['regex', '^(dev|stage)$', 'prod', false],
    ['regex', 'dev', 'my-dev-branch', true],
    ['all_branches', 'ignored', 'prod', true],
  ] as const)('%s filter %j on %j → %s', (strategy, filter, branch, expected) => {
    expect(branchFilterMatches(strategy, filter, branch)).toBe(expected);
  });

  it('disables a hook after 4 failures, doubles the pause, and gives up after 40', () => {
    let health: HookHealth = { ...HEALTHY_HOOK };
    for (let i = 0; i < 3; i += 1) health = recordFailure(health, 0, GITLAB_HOOK_HEALTH);
    expect(alertStatus(health, 0)).toBe('executable');
    health = recordFailure(health, 0, GITLAB_HOOK_HEALTH);
    expect(alertStatus(health, 0)).toBe('temporarily_disabled');
    expect(health.disabledUntil).toBe(60_000);
    expect(alertStatus(health, 60_000)).toBe('executable');
    health = recordFailure(health, 60_000, GITLAB_HOOK_HEALTH);
    expect(health.disabledUntil).toBe(60_000 + 120_000);
    for (let i = 0; i < 34; i += 1) health = recordFailure(health, 0, GITLAB_HOOK_HEALTH); // 39 in a row
    expect(health.disabledUntil).not.toBeNull();
    expect(health.disabledUntil ?? 0).toBeLessThanOrEqual(24 * 60 * 60_000);
    health = recordFailure(health, 0, GITLAB_HOOK_HEALTH);
    expect(alertStatus(health, Number.MAX_SAFE_INTEGER)).toBe('disabled');
    expect(alertStatus(recordSuccess(), 0)).toBe('executable');
  });

  it('paginates with clamped per_page and GitLab headers', () => {
    expect(pageRequest({})).toEqual({ page: 1, perPage: 20 });
    expect(pageRequest({ page: '0', per_page: '1000' })).toEqual({ page: 1, perPage: 100 });
    const page = paginate([1, 2, 3, 4, 5], { page: 2, perPage: 2 }, 'http://x/api/v4/things?ref=main');
    expect(page.items).toEqual([3, 4]);
    expect(page.headers).toMatchObject({
      'X-Page': '2',
      'X-Next-Page': '3',
      'X-Prev-Page': '1',
      'X-Total-Pages': '3',
    });
    expect(page.headers['Link']).toContain('<http://x/api/v4/things?ref=main&page=3&per_page=2>; rel="next"');
  });

  it('parses git output the way GitLab reports it', () => {
    expect(parseNameStatus('M\0a\0A\0b\0D\0c\0R100\0old\0new\0')).toEqual({
      added: ['b', 'new'],
      modified: ['a'],
      removed: ['c', 'old'],
    });
    const raw = parseRawDiff(':000000 100644 0000 1111 A\0new file\0:100644 100644 2222 2222 R100\0a\0b\0');
    expect(raw).toEqual([
      { aMode: '0', bMode: '100644', status: 'A', oldPath: 'new file', newPath: 'new file' },
      { aMode: '100644', bMode: '100644', status: 'R100', oldPath: 'a', newPath: 'b' },
    ]);
    const patch = [
      'diff --git a/x b/x',
      'index 1..2 100644',
      '--- a/x',
      '+++ b/x',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      'diff --git a/y b/z',
      'similarity index 100%',
      'rename from y',
      'rename to z',
      '',
    ].join('\n');
    expect(splitPatch(patch)).toEqual(['@@ -1 +1 @@\n-a\n+b\n', '']);
  });

  it('formats dates and quotes paths', () => {
    expect(gitDateIso({ seconds: 0, offset: '+0200' }, false)).toBe('1970-01-01T02:00:00+02:00');
    expect(gitDateIso({ seconds: 0, offset: '-0130' }, true)).toBe('1969-12-31T22:30:00.000-01:30');
    expect(quotePath('plain path.yaml')).toBe('plain path.yaml');
    expect(quotePath('we"ird')).toBe('"we\\"ird"');
  });

  it('knows which status transitions GitLab refuses', () => {
    expect(transition('created', 'success')).toEqual({ ok: true });
    expect(transition('pending', 'running')).toEqual({ ok: true });
    expect(transition('running', 'skipped')).toMatchObject({ ok: false });
    expect(transition('running', 'pending')).toEqual({
      ok: false,
      message:
        'Cannot transition status via :enqueue from :running (Reason(s): Status cannot transition via "enqueue")',
    });
  });
});
