import { isObject, str, type JsonObject } from './real-fixtures';

/**
 * What the ingress must answer to a delivery, derived from the payload and the documented behaviour of
 * POST /webhooks/gitlab (libs/ingress: receive-webhook.ts, libs/domain: classifyHook): only a Push Hook of a
 * branch of the configured project (id or path, case-insensitive) whose branch is in PROMOTION_MAP — a source
 * or a target (a push to prod is accepted: the planner refreshes its merge requests) — and that did not delete
 * the branch is queued; everything else is 200 "ignored".
 */
export type Expectation =
  | { kind: 'accepted'; identity: string; projectId: number; branch: string; before: string; after: string }
  | { kind: 'ignored'; because: IgnoredBecause };

export type IgnoredBecause =
  'event kind' | 'tag push' | 'other project' | 'unmapped branch' | 'branch deleted';

/** The words the ingress's reason must contain for each cause. */
export const REASON: Record<IgnoredBecause, RegExp> = {
  'event kind': /is not handled|missing X-Gitlab-Event/,
  'tag push': /tag push/,
  'other project': /is not the configured deployments repository/,
  'unmapped branch': /has no promotion target/,
  'branch deleted': /was deleted/,
};

export interface IngressSetup {
  /** GITLAB_PROJECT: a numeric id or a path. */
  project: string;
  /** PROMOTION_MAP as source → target. */
  map: Record<string, string>;
}

const HEADS = 'refs/heads/';
const ZERO = /^0+$/;

export function expectedOutcome(event: string, body: JsonObject, ingress: IngressSetup): Expectation {
  const ignored = (because: IgnoredBecause): Expectation => ({ kind: 'ignored', because });
  if (event.trim().toLowerCase() !== 'push hook') return ignored('event kind');
  const kind = str(body, 'object_kind');
  if (kind === 'tag_push') return ignored('tag push');
  if (kind !== 'push') return ignored('event kind');
  const ref = str(body, 'ref') ?? '';
  if (ref.startsWith('refs/tags/')) return ignored('tag push');
  if (!ref.startsWith(HEADS)) return ignored('event kind');

  const projectId = body['project_id'];
  const project = body['project'];
  const path = isObject(project) ? (str(project, 'path_with_namespace') ?? '') : '';
  if (typeof projectId !== 'number') throw new Error('a push hook without a numeric project_id');
  const configured = /^\d+$/.test(ingress.project)
    ? Number(ingress.project) === projectId
    : ingress.project.toLowerCase() === path.toLowerCase();
  if (!configured) return ignored('other project');

  const branch = ref.slice(HEADS.length);
  const mapped = Object.hasOwn(ingress.map, branch) || Object.values(ingress.map).includes(branch);
  if (!mapped) return ignored('unmapped branch');
  const before = (str(body, 'before') ?? '').toLowerCase();
  const after = (str(body, 'after') ?? '').toLowerCase();
  if (ZERO.test(after)) return ignored('branch deleted');
  return {
    kind: 'accepted',
    identity: JSON.stringify([projectId, ref, before, after]),
    projectId,
    branch,
    before,
    after,
  };
}

export function formatMap(map: Record<string, string>): string {
  return Object.entries(map)
    .map(([source, target]) => `${source}=${target}`)
    .join(',');
}
