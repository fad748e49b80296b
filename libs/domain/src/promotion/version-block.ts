/**
 * A quarantined version: an operator's block of one app at an image tag or at a commit sha, for every
 * target or for one. While it is active no path triggers a promotion it matches (an operator's
 * `promote --force` excepted); lifting it keeps it for the audit.
 */
export interface VersionBlock {
  id: string;
  /** The app directory under APPS_DIR (the record's `app`). */
  app: string;
  /** What is blocked: an IMAGE_TAG, or a pushed commit. */
  match: { kind: 'tag'; tag: string } | { kind: 'sha'; sha: string };
  /** The one target it applies to; null = every target. */
  target: string | null;
  reason: string;
  by: string;
  createdAt: string;
  /** Set once lifted: when and by whom. */
  liftedAt: string | null;
  liftedBy: string | null;
}

/** What a promotion skipped because of a block carries (`blockedBy`). */
export interface BlockMark {
  id: string;
  by: string;
  reason: string;
}

/** The promotion facts a block is matched against (a promotion record is one; either version may be unknown). */
export interface BlockCandidate {
  app: string;
  targetEnv: string;
  imageTag: string | null;
  sha: string | null;
}

/** The field of an app's active-blocks hash that a block occupies: `tag:<tag>@<target|*>` or `sha:…`. */
export function blockField(block: Pick<VersionBlock, 'match' | 'target'>): string {
  const what = block.match.kind === 'tag' ? `tag:${block.match.tag}` : `sha:${block.match.sha}`;
  return `${what}@${block.target ?? '*'}`;
}

/**
 * The fields that would hold a block matching a promotion, most specific first: its tag and its sha, each
 * for its target and for every target. One HMGET of these answers "is it blocked".
 */
export function blockFieldsFor(candidate: BlockCandidate): string[] {
  const whats = [...(candidate.imageTag ? [`tag:${candidate.imageTag}`] : []), `sha:${candidate.sha}`];
  return whats.flatMap((w) => [`${w}@${candidate.targetEnv}`, `${w}@*`]);
}

/** True when an active block applies to a promotion. */
export function blockMatches(block: VersionBlock, candidate: BlockCandidate): boolean {
  if (block.liftedAt !== null || block.app !== candidate.app) return false;
  if (block.target !== null && block.target !== candidate.targetEnv) return false;
  return block.match.kind === 'tag'
    ? block.match.tag === candidate.imageTag
    : block.match.sha === candidate.sha;
}

/** What is blocked, in words: `exampleApp at 1.0.43` / `exampleApp at commit 1a2b3c4d`, and the target. */
export function describeBlocked(block: Pick<VersionBlock, 'app' | 'match' | 'target'>): string {
  const at = block.match.kind === 'tag' ? block.match.tag : `commit ${block.match.sha.slice(0, 8)}`;
  return `${block.app} at ${at} (${block.target === null ? 'every target' : block.target})`;
}

/** The reason a blocked promotion is recorded with: `blocked: <reason> (by <who>, <when>)`. */
export function blockedReason(block: Pick<VersionBlock, 'reason' | 'by' | 'createdAt'>): string {
  return `blocked: ${block.reason} (by ${block.by}, ${block.createdAt})`;
}

export const blockMark = (block: Pick<VersionBlock, 'id' | 'by' | 'reason'>): BlockMark => ({
  id: block.id,
  by: block.by,
  reason: block.reason,
});
