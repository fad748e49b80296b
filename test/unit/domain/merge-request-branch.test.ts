import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MR_BRANCH_TEMPLATE,
  mrBranchTemplateProblem,
  mrBranchValues,
  renderMrBranch,
} from '@auto-promote/domain';

const promotion = {
  app: 'example_app',
  appName: 'example-app',
  sourceEnv: 'dev',
  targetEnv: 'stage',
  imageTag: '1.0.42-SNAPSHOT-abc1234',
  sha: 'f'.repeat(40),
};

describe('PROMOTION_MR_BRANCH', () => {
  it('defaults to the branch the promote-environment job opens: promote-{target}-{tag}', () => {
    expect(renderMrBranch(DEFAULT_MR_BRANCH_TEMPLATE, mrBranchValues(promotion))).toBe(
      'promote-stage-1.0.42-SNAPSHOT-abc1234',
    );
  });

  it('fills every placeholder, each as often as it appears', () => {
    const template = '{app}/{appName}/{source}-{target}/{tag}/{sha}/{target}';
    expect(renderMrBranch(template, mrBranchValues(promotion))).toBe(
      `example_app/example-app/dev-stage/1.0.42-SNAPSHOT-abc1234/${'f'.repeat(40)}/stage`,
    );
  });

  it('leaves {tag} empty for a promotion without an image tag', () => {
    expect(renderMrBranch('promote-{target}-{tag}', mrBranchValues({ ...promotion, imageTag: null }))).toBe(
      'promote-stage-',
    );
  });

  it.each([
    ['promote-{target}-{tag}', null],
    ['release/{appName}', null],
    ['', 'is empty'],
    ['promote-{env}-{tag}', 'unknown placeholder {env}'],
    ['promote-{Target}', 'unknown placeholder {Target}'],
    ['promote-{target', 'has an unmatched { or }'],
    ['promote-target}', 'has an unmatched { or }'],
  ])('%j: %s', (template, problem) => {
    const found = mrBranchTemplateProblem(template);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });
});
