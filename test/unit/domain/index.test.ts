import { describe, expect, it } from 'vitest';
import * as domain from '@auto-promote/domain';

describe('@auto-promote/domain public API', () => {
  it.each([
    'InvalidAppsDirError',
    'InvalidPromotionMapError',
    'isSha',
    'isZeroSha',
    'shortSha',
    'branchNameProblem',
    'isValidBranchName',
    'branchChange',
    'classifyHook',
    'eventId',
    'parsePromotionMap',
    'targetFor',
    'sourceBranches',
    'environmentOrder',
    'sourceBranchFilterRegex',
    'mappedBranches',
    'isMappedBranch',
    'mappedBranchFilterRegex',
    'formatPromotionMap',
    'appNameProblem',
    'isSafeAppName',
    'toAppName',
    'toKebabCase',
    'normalizeAppsDir',
    'changedPathFromDiff',
    'pathsOf',
    'appDirOf',
    'changedApps',
    'changedAppsFromCommits',
    'promotionId',
    'parsePromotionId',
    'parseImageRef',
    'extractImageTag',
    'pushSkipReason',
    'planPush',
    'commitMarker',
    'inspectRange',
    'appsOptedOut',
    'aggregateFeedback',
  ])('exports %s', (name) => {
    expect(typeof (domain as Record<string, unknown>)[name]).toBe('function');
  });

  it('exports documented defaults', () => {
    expect(domain.DEFAULT_PROMOTION_MAP).toBe('dev=stage,stage=prod');
    expect(domain.DEFAULT_APPS_DIR).toBe('manifests');
    expect(domain.SAFE_APP_NAME_RE.source).toBe('^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$');
  });

  it('runs the dev push from webhook to plan', () => {
    const sha = (c: string) => c.repeat(40);
    const hook = domain.classifyHook('Push Hook', {
      object_kind: 'push',
      ref: 'refs/heads/dev',
      before: sha('a'),
      after: sha('b'),
      project_id: 15,
      project: { path_with_namespace: 'p2c/k8s-deployments' },
      commits: [
        { id: sha('b'), message: 'm', added: [], modified: ['manifests/exampleApp/d.yaml'], removed: [] },
      ],
      total_commits_count: 1,
    });
    if (hook.kind !== 'push') throw new Error('expected a push');
    const map = domain.parsePromotionMap(domain.DEFAULT_PROMOTION_MAP);
    const plan = domain.planPush({
      event: { ...hook.event, eventId: domain.eventId(hook.event) },
      promotionMap: map,
      changes: hook.event.commits.flatMap((c) => [...c.added, ...c.modified, ...c.removed]),
      appsDir: domain.DEFAULT_APPS_DIR,
      appNameStyle: 'kebab',
    });
    expect(plan).toMatchObject({
      kind: 'plan',
      sourceEnv: 'dev',
      targetEnv: 'stage',
      promotions: [{ app: 'exampleApp', appName: 'example-app', sha: sha('b') }],
    });
  });
});
