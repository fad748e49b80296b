import { describe, expect, it } from 'vitest';
import { parsePromotionMap } from '@auto-promote/domain';
import type { ProjectHook } from '@auto-promote/gitlab';
import {
  desiredHook,
  hookChanges,
  isIngressHookUrl,
  normalizeConfigXml,
  normalizeHookUrl,
  parseUntil,
  promotionRow,
  UsageError,
} from '@auto-promote/operations';
import { newPromotionRecord } from '@auto-promote/domain';

describe('normalizeHookUrl', () => {
  it.each([
    ['https://Auto-Promote.Example.com/webhooks/gitlab', 'https://auto-promote.example.com/webhooks/gitlab'],
    [
      'HTTPS://auto-promote.example.com:443/webhooks/gitlab/',
      'https://auto-promote.example.com/webhooks/gitlab',
    ],
    ['http://host:80/webhooks/gitlab//', 'http://host/webhooks/gitlab'],
    ['http://host:8080/webhooks/gitlab#x', 'http://host:8080/webhooks/gitlab'],
    ['http://host/webhooks/gitlab?x=1', 'http://host/webhooks/gitlab?x=1'],
    ['  https://host/  ', 'https://host'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeHookUrl(input)).toBe(expected);
  });

  it.each([['ftp://host/x'], ['not a url'], ['']])('%j is not a hook URL', (input) => {
    expect(normalizeHookUrl(input)).toBeNull();
  });

  it('recognises ingress hook URLs', () => {
    expect(isIngressHookUrl('https://x/webhooks/gitlab/')).toBe(true);
    expect(isIngressHookUrl('https://x/other')).toBe(false);
  });
});

describe('hookChanges', () => {
  const config = {
    gitlab: { webhookSecrets: ['s1', 's2'] },
    promotion: { map: parsePromotionMap('dev=stage,stage=prod') },
  } as Parameters<typeof desiredHook>[0];
  const desired = desiredHook(config, 'https://x/webhooks/gitlab');
  const current: ProjectHook = {
    id: 1,
    url: 'https://X/webhooks/gitlab/',
    pushEventsBranchFilter: '^(dev|stage|prod)$',
    branchFilterStrategy: 'regex',
    enableSslVerification: true,
    events: { push_events: true, tag_push_events: false, merge_requests_events: false },
    alertStatus: 'executable',
    disabledUntil: null,
  };

  it('wants push events only, every branch of the map as an RE2 regex and the first secret', () => {
    // Targets too: a push to prod is how a promotion's merge request into prod is seen merged at once.
    expect(desired.pushEventsBranchFilter).toBe('^(dev|stage|prod)$');
    expect(desired.branchFilterStrategy).toBe('regex');
    expect(desired.token).toBe('s1');
    expect(Object.entries(desired.events).filter(([, on]) => on)).toEqual([['push_events', true]]);
    expect(desiredHook(config, 'https://x', { insecureSkipTlsVerify: true }).enableSslVerification).toBe(
      false,
    );
  });

  it('sees no change in an equivalent spelling of the URL', () => {
    expect(hookChanges(current, desired)).toEqual([]);
  });

  it('lists each visible field that differs, and only the event flags GitLab reported', () => {
    const changes = hookChanges(
      {
        ...current,
        url: 'https://old/webhooks/gitlab',
        branchFilterStrategy: 'wildcard',
        pushEventsBranchFilter: 'dev,stage',
        events: { push_events: true, tag_push_events: true },
      },
      desired,
    );
    expect(changes).toEqual([
      { field: 'url', from: 'https://old/webhooks/gitlab', to: 'https://x/webhooks/gitlab' },
      { field: 'tag_push_events', from: 'true', to: 'false' },
      { field: 'branch_filter_strategy', from: 'wildcard', to: 'regex' },
      { field: 'push_events_branch_filter', from: 'dev,stage', to: '^(dev|stage|prod)$' },
    ]);
  });

  it('does not compare a filter strategy GitLab does not report', () => {
    expect(hookChanges({ ...current, branchFilterStrategy: null }, desired)).toEqual([]);
  });
});

describe('normalizeConfigXml', () => {
  it('ignores the XML declaration, line endings and whitespace between tags', () => {
    const a =
      "<?xml version='1.1' encoding='UTF-8'?>\r\n<project>\r\n  <description>x y</description>\r\n</project>\r\n";
    const b = '<?xml version="1.0"?><project><description>x y</description></project>';
    expect(normalizeConfigXml(a)).toBe(normalizeConfigXml(b));
    expect(normalizeConfigXml(a)).not.toBe(normalizeConfigXml(b.replace('x y', 'x  y')));
  });
});

describe('parseUntil', () => {
  const now = new Date('2026-11-26T10:00:00.000Z');
  it.each([
    ['2h', '2026-11-26T12:00:00.000Z'],
    ['90m', '2026-11-26T11:30:00.000Z'],
    ['1d', '2026-11-27T10:00:00.000Z'],
    ['2026-11-26T18:00:00Z', '2026-11-26T18:00:00.000Z'],
  ])('%s → %s', (input, expected) => {
    expect(parseUntil(input, now)).toBe(expected);
  });

  it.each([['soon'], ['2026-11-26T09:00:00Z'], ['0s']])('refuses %j', (input) => {
    expect(() => parseUntil(input, now)).toThrow(UsageError);
  });
});

describe('promotionRow', () => {
  it('shows a short id, the route, the build and the age; frozen promotions say so', () => {
    const record = newPromotionRecord(
      {
        id: 'x',
        app: 'exampleApp',
        appName: 'exampleApp',
        sourceEnv: 'dev',
        targetEnv: 'stage',
        sha: 'abcdef0123456789abcdef0123456789abcdef01',
        imageTag: '1.0.1',
        eventId: 'ev-1',
        source: 'webhook',
      },
      new Date('2026-11-26T10:00:00Z'),
    );
    const at = Date.parse('2026-11-26T12:05:00Z');
    expect(promotionRow(record, at)).toEqual({
      id: 'exampleApp~dev~stage~abcdef01',
      app: 'exampleApp',
      route: 'dev→stage',
      tag: '1.0.1',
      status: 'planned',
      build: '—',
      age: '2h',
    });
    const frozen = { ...record, frozen: { reason: 'r', until: null, since: record.createdAt } };
    expect(promotionRow({ ...frozen, jenkins: { ...record.jenkins, buildNumber: 4 } }, at)).toMatchObject({
      status: 'planned (frozen)',
      build: '#4',
    });
  });
});
