import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChangedPath } from '../../../libs/domain/src/changed-path';
import { planPush, type PlanPushInput } from '../../../libs/domain/src/plan-push';
import { parsePromotionId } from '../../../libs/domain/src/promotion-id';
import { parsePromotionMap } from '../../../libs/domain/src/promotion-map';
import { SHA_A, SHA_B, ZERO_40 } from './support/push-payload';

const input = (
  overrides: Partial<PlanPushInput> & { branch?: string; before?: string; after?: string } = {},
) => {
  const { branch = 'dev', before = SHA_A, after = SHA_B, ...rest } = overrides;
  return {
    event: { projectId: 15, branch, before, after, eventId: 'ev-1' },
    promotionMap: parsePromotionMap('dev=stage,stage=prod'),
    changes: ['manifests/example-app/deployment.yaml'],
    appsDir: 'manifests',
    appNameStyle: 'as-is',
    ...rest,
  } satisfies PlanPushInput;
};

describe('planPush: skips', () => {
  it.each([
    ['prod has no target', { branch: 'prod' }, 'no-target', "'prod' has no promotion target"],
    ['unmapped branch', { branch: 'feature/x' }, 'no-target', "'feature/x' has no promotion target"],
    ['branch created', { before: ZERO_40 }, 'branch-created', 'branch created: nothing to compare'],
    ['branch deleted', { after: ZERO_40 }, 'branch-deleted', 'branch deleted: nothing to promote'],
  ])('%s', (_label, overrides, code, reason) => {
    expect(planPush(input(overrides))).toEqual({ kind: 'skip', code, reason });
  });
});

describe('planPush: plans', () => {
  it('dev → stage for one app', () => {
    expect(planPush(input())).toEqual({
      kind: 'plan',
      eventId: 'ev-1',
      sourceEnv: 'dev',
      targetEnv: 'stage',
      promotions: [
        {
          id: `example-app~dev~stage~${SHA_B}`,
          app: 'example-app',
          appName: 'example-app',
          sourceEnv: 'dev',
          targetEnv: 'stage',
          sha: SHA_B,
        },
      ],
      rejected: [],
    });
  });

  it('stage → prod', () => {
    const plan = planPush(input({ branch: 'stage' }));
    expect(plan).toMatchObject({ kind: 'plan', sourceEnv: 'stage', targetEnv: 'prod' });
  });

  it.each<[string, ChangedPath[], string[], string[]]>([
    ['no app changed', ['env.cue', 'manifests/README.md'], [], []],
    ['rename between apps', [{ oldPath: 'manifests/a/x', newPath: 'manifests/b/x' }], ['a', 'b'], []],
    [
      'deleted app',
      [{ oldPath: 'manifests/gone/x', newPath: 'manifests/gone/x', deleted: true }],
      ['gone'],
      [],
    ],
    [
      'unsafe names rejected',
      ['manifests/../etc/x', 'manifests/.hidden/x', 'manifests/ok/x'],
      ['ok'],
      ['..', '.hidden'],
    ],
  ])('%s', (_label, changes, apps, rejected) => {
    const plan = planPush(input({ changes }));
    if (plan.kind !== 'plan') throw new Error('expected a plan');
    expect(plan.promotions.map((p) => p.app)).toEqual(apps);
    expect(plan.rejected.map((r) => r.name)).toEqual(rejected);
  });

  it.each([
    ['as-is', 'exampleApp', 'exampleApp'],
    ['kebab', 'exampleApp', 'example-app'],
    ['kebab', 'HTTPServer', 'http-server'],
  ] as const)('appNameStyle %s: %s → %s, id keeps the directory name', (style, dir, appName) => {
    const plan = planPush(input({ changes: [`manifests/${dir}/x.yaml`], appNameStyle: style }));
    if (plan.kind !== 'plan') throw new Error('expected a plan');
    expect(plan.promotions[0]).toMatchObject({ app: dir, appName });
    expect(parsePromotionId(plan.promotions[0]?.id ?? '')?.app).toBe(dir);
  });

  it('rejects an app whose kebab APP_NAME would be too long', () => {
    const dir = 'aB'.repeat(31); // 62 chars, safe; kebab form is 92 chars
    const plan = planPush(input({ changes: [`manifests/${dir}/x`], appNameStyle: 'kebab' }));
    if (plan.kind !== 'plan') throw new Error('expected a plan');
    expect(plan.promotions).toEqual([]);
    expect(plan.rejected[0]?.reason).toContain('is not a safe app name');
  });

  it('uses a nested apps dir', () => {
    const plan = planPush(
      input({ changes: ['deploy/manifests/a/x', 'manifests/b/x'], appsDir: 'deploy/manifests/' }),
    );
    expect(plan.kind === 'plan' && plan.promotions.map((p) => p.app)).toEqual(['a']);
  });

  it('uses branch names with slashes safely in ids', () => {
    const plan = planPush(
      input({
        branch: 'env/dev',
        promotionMap: parsePromotionMap('env/dev=env/stage'),
        changes: ['manifests/a/x'],
      }),
    );
    if (plan.kind !== 'plan') throw new Error('expected a plan');
    expect(plan.promotions[0]?.id).toBe(`a~env_2fdev~env_2fstage~${SHA_B}`);
  });

  it('property: promotion ids are unique, colon-free and parse back to the promotion', () => {
    const path = fc
      .tuple(
        fc.constantFrom('manifests', 'other', 'manifests/x'),
        fc.string({ maxLength: 8 }),
        fc.string({ maxLength: 4 }),
      )
      .map(([d, a, f]) => `${d}/${a}/${f}`);
    fc.assert(
      fc.property(fc.array(path, { maxLength: 10 }), fc.constantFrom('as-is', 'kebab'), (changes, style) => {
        const plan = planPush(input({ changes, appNameStyle: style }));
        if (plan.kind !== 'plan') throw new Error('expected a plan');
        const ids = plan.promotions.map((p) => p.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const p of plan.promotions) {
          expect(p.id).not.toContain(':');
          expect(parsePromotionId(p.id)).toEqual({
            app: p.app,
            sourceEnv: 'dev',
            targetEnv: 'stage',
            sha: SHA_B,
          });
        }
      }),
    );
  });
});
