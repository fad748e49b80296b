import type { PromotionRecord } from '../promotion/promotion-record';

/** The documented PROMOTION_MR_BRANCH default: the branch the promote-environment job opens its merge request from. */
export const DEFAULT_MR_BRANCH_TEMPLATE = 'promote-{target}-{tag}';

/** The placeholders PROMOTION_MR_BRANCH may use. */
export const MR_BRANCH_PLACEHOLDERS = ['app', 'appName', 'target', 'source', 'tag', 'sha'] as const;

export type MrBranchPlaceholder = (typeof MR_BRANCH_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{([^{}]*)\}/g;

/**
 * What is wrong with a PROMOTION_MR_BRANCH template, or null: it must be non-empty, use only the known
 * placeholders, and leave no stray brace.
 */
export function mrBranchTemplateProblem(template: string): string | null {
  if (template.trim() === '') return 'is empty';
  const unknown = [...template.matchAll(PLACEHOLDER)]
    .map((m) => m[1] ?? '')
    .filter((name) => !(MR_BRANCH_PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown.length > 0)
    return `unknown placeholder ${unknown.map((n) => `{${n}}`).join(', ')} (known: ${MR_BRANCH_PLACEHOLDERS.map((n) => `{${n}}`).join(', ')})`;
  if (/[{}]/.test(template.replace(PLACEHOLDER, ''))) return 'has an unmatched { or }';
  return null;
}

/** The values of the placeholders for one promotion (`tag` is empty without an image tag). */
export function mrBranchValues(
  record: Pick<PromotionRecord, 'app' | 'appName' | 'targetEnv' | 'sourceEnv' | 'imageTag' | 'sha'>,
): Record<MrBranchPlaceholder, string> {
  return {
    app: record.app,
    appName: record.appName,
    target: record.targetEnv,
    source: record.sourceEnv,
    tag: record.imageTag ?? '',
    sha: record.sha,
  };
}

/** The source branch a promotion's merge request is expected on: the template filled in. */
export function renderMrBranch(template: string, values: Record<MrBranchPlaceholder, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? values[name as MrBranchPlaceholder] : whole,
  );
}
