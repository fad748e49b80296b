import { appNameProblem } from '../app-name';
import { imageTagProblem } from '../image-ref';
import { isSha } from '../sha';
import type { VersionBlock } from './version-block';

/** What an operator asks to block, from the CLI or the API. */
export interface BlockRequest {
  app: string;
  tag?: string;
  sha?: string;
  /** One target of PROMOTION_MAP; absent = every target. */
  target?: string;
  reason: string;
}

/** Longest block reason kept (it is shown on the board and in every skipped record). */
export const BLOCK_REASON_MAX = 500;

/** Everything wrong with a request to block, each naming its field; empty when it may be placed. */
export function blockRequestProblems(request: BlockRequest, targets: readonly string[]): string[] {
  const problems: string[] = [];
  const app = appNameProblem(request.app);
  if (app) problems.push(`app '${request.app}' ${app}`);
  problems.push(...versionProblems(request));
  if (request.target !== undefined && !targets.includes(request.target))
    problems.push(`target '${request.target}' is not a promotion target (targets: ${targets.join(', ')})`);
  const reason = request.reason.trim();
  if (reason === '') problems.push('reason must say why (it is shown with every skipped promotion)');
  if (reason.length > BLOCK_REASON_MAX) problems.push(`reason is longer than ${BLOCK_REASON_MAX} characters`);
  return problems;
}

/** Exactly one of tag and sha, each valid. */
export function versionProblems(request: Pick<BlockRequest, 'tag' | 'sha'>): string[] {
  if ((request.tag === undefined) === (request.sha === undefined))
    return ['give exactly one of tag (an IMAGE_TAG) and sha (a full commit sha)'];
  if (request.tag !== undefined) {
    const problem = imageTagProblem(request.tag);
    return problem ? [`tag '${request.tag}' ${problem}`] : [];
  }
  return isSha(request.sha ?? '')
    ? []
    : [`sha '${request.sha}' is not a full commit sha (40 or 64 lowercase hex)`];
}

/** The version a valid request names. */
export const blockMatchOf = (request: Pick<BlockRequest, 'tag' | 'sha'>): VersionBlock['match'] =>
  request.tag !== undefined ? { kind: 'tag', tag: request.tag } : { kind: 'sha', sha: request.sha ?? '' };
