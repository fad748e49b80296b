import { z } from 'zod';
import { isZeroSha } from './sha';

/** One commit of a push hook (GitLab sends only the newest 20, oldest first). */
export interface PushCommit {
  id: string;
  message: string;
  added: string[];
  modified: string[];
  removed: string[];
}

/** The fields of a GitLab push hook that auto-promote uses, validated and normalised (lowercase shas). */
export interface PushEvent {
  projectId: number;
  projectPath: string;
  ref: string;
  /** `ref` without `refs/heads/`. */
  branch: string;
  before: string;
  after: string;
  /** Null when the branch was deleted. */
  checkoutSha: string | null;
  /** The real number of commits pushed; may exceed `commits.length` (capped at 20 by GitLab). */
  totalCommitsCount: number;
  commits: PushCommit[];
  userUsername: string | null;
}

/** What the ingress should do with a hook: queue it, answer 200 "ignored", or answer 400. */
export type HookClassification =
  | { kind: 'push'; event: PushEvent }
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; errors: string[] };

/** Bounds that reject absurd input long before it reaches Redis. GitLab's own limits are far below them. */
export const PUSH_EVENT_LIMITS = {
  refLength: 1024,
  pathLength: 4096,
  messageLength: 64 * 1024,
  shortStringLength: 1024,
  commits: 1000,
  filesPerList: 100_000,
} as const;

const BRANCH_PREFIX = 'refs/heads/';
const SHA_MESSAGE = 'expected a 40- or 64-character hex sha';

// Case-insensitive on input, lowercase on output, so that ids built from shas are canonical.
const sha = z
  .string({ error: SHA_MESSAGE })
  .regex(/^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/, { error: SHA_MESSAGE })
  .transform((s) => s.toLowerCase());

const boundedString = (max: number, what = 'a string') =>
  z.string({ error: `expected ${what}` }).max(max, { error: `longer than ${max} characters` });

const fileList = z
  .array(boundedString(PUSH_EVENT_LIMITS.pathLength), { error: 'expected an array of paths' })
  .max(PUSH_EVENT_LIMITS.filesPerList, { error: `more than ${PUSH_EVENT_LIMITS.filesPerList} paths` })
  .nullish()
  .transform((v) => v ?? []);

const commitSchema = z.object(
  {
    id: sha,
    message: boundedString(PUSH_EVENT_LIMITS.messageLength)
      .nullish()
      .transform((v) => v ?? ''),
    added: fileList,
    modified: fileList,
    removed: fileList,
  },
  { error: 'expected an object' },
);

const pushSchema = z.object({
  ref: boundedString(PUSH_EVENT_LIMITS.refLength)
    .refine((r) => r.length > BRANCH_PREFIX.length, { error: 'branch name is empty' })
    .refine((r) => !r.includes('\u0000'), { error: 'contains a NUL character' }),
  before: sha,
  after: sha,
  checkout_sha: sha.nullish().transform((v) => v ?? null),
  project_id: z
    .number({ error: 'expected a positive integer' })
    .int({ error: 'expected a positive integer' })
    .positive({ error: 'expected a positive integer' })
    .max(Number.MAX_SAFE_INTEGER, { error: 'expected a positive integer' }),
  project: z.object(
    {
      path_with_namespace: boundedString(PUSH_EVENT_LIMITS.shortStringLength, 'a non-empty string').min(1, {
        error: 'expected a non-empty string',
      }),
    },
    { error: 'expected an object' },
  ),
  commits: z
    .array(commitSchema, { error: 'expected an array' })
    .max(PUSH_EVENT_LIMITS.commits, { error: `more than ${PUSH_EVENT_LIMITS.commits} commits` })
    .nullish()
    .transform((v) => v ?? []),
  total_commits_count: z
    .number({ error: 'expected a non-negative integer' })
    .int({ error: 'expected a non-negative integer' })
    .nonnegative({ error: 'expected a non-negative integer' })
    .max(Number.MAX_SAFE_INTEGER, { error: 'expected a non-negative integer' })
    .nullish(),
  user_username: boundedString(PUSH_EVENT_LIMITS.shortStringLength)
    .nullish()
    .transform((v) => v ?? null),
});

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Reads an own property only, so a polluted or exotic prototype can never supply a field. */
function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value.slice(0, 64)}${value.length > 64 ? '…' : ''}'` : typeof value;
}

/**
 * Classifies a webhook: `push` for a valid branch Push Hook, `ignored` for anything auto-promote does not act on
 * (other event kinds, tag pushes, refs that are not branches, a missing X-Gitlab-Event header), `invalid` with
 * one message per bad field (`after: expected a 40- or 64-character hex sha`) for a malformed Push Hook. Never
 * throws; unknown fields are dropped and only own properties are read, so prototype keys cannot leak in.
 */
export function classifyHook(eventHeader: string | undefined, body: unknown): HookClassification {
  try {
    return classify(eventHeader, body);
  } catch (error) {
    // Only reachable with exotic bodies (e.g. throwing getters); a JSON body never gets here.
    return {
      kind: 'invalid',
      errors: [`body: could not be read (${error instanceof Error ? error.name : 'error'})`],
    };
  }
}

function classify(eventHeader: string | undefined, body: unknown): HookClassification {
  const event = typeof eventHeader === 'string' ? eventHeader.trim() : '';
  if (event === '') return { kind: 'ignored', reason: 'missing X-Gitlab-Event header' };
  if (event.toLowerCase() !== 'push hook') {
    return { kind: 'ignored', reason: `event kind '${event.slice(0, 64)}' is not handled` };
  }
  if (!isPlainObject(body)) return { kind: 'invalid', errors: ['body: expected a JSON object'] };

  const objectKind = own(body, 'object_kind');
  if (objectKind === 'tag_push') return { kind: 'ignored', reason: 'tag push' };
  if (typeof objectKind !== 'string') return { kind: 'invalid', errors: ["object_kind: expected 'push'"] };
  if (objectKind !== 'push') {
    return { kind: 'ignored', reason: `object_kind ${describe(objectKind)} is not handled` };
  }
  const ref = own(body, 'ref');
  if (typeof ref === 'string' && !ref.startsWith(BRANCH_PREFIX)) {
    return {
      kind: 'ignored',
      reason: ref.startsWith('refs/tags/') ? 'tag push' : `ref ${describe(ref)} is not a branch`,
    };
  }

  const picked = Object.fromEntries(Object.keys(pushSchema.shape).map((k) => [k, own(body, k)]));
  const project = own(body, 'project');
  if (isPlainObject(project))
    picked['project'] = { path_with_namespace: own(project, 'path_with_namespace') };
  const commits = own(body, 'commits');
  if (Array.isArray(commits)) picked['commits'] = commits.map(ownCommitFields);

  const result = pushSchema.safeParse(picked);
  if (!result.success) {
    const errors = result.error.issues.map(
      (i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`,
    );
    return { kind: 'invalid', errors: [...new Set(errors)] };
  }
  const p = result.data;
  return {
    kind: 'push',
    event: {
      projectId: p.project_id,
      projectPath: p.project.path_with_namespace,
      ref: p.ref,
      branch: p.ref.slice(BRANCH_PREFIX.length),
      before: p.before,
      after: p.after,
      checkoutSha: p.checkout_sha,
      totalCommitsCount: p.total_commits_count ?? p.commits.length,
      commits: p.commits,
      userUsername: p.user_username,
    },
  };
}

/** Copies a commit's known own fields so that zod never walks a foreign prototype. */
function ownCommitFields(commit: unknown): unknown {
  if (!isPlainObject(commit)) return commit;
  return {
    id: own(commit, 'id'),
    message: own(commit, 'message'),
    added: own(commit, 'added'),
    modified: own(commit, 'modified'),
    removed: own(commit, 'removed'),
  };
}

/** Whether a push created the branch (zero before), deleted it (zero after) or moved it. */
export function branchChange(event: Pick<PushEvent, 'before' | 'after'>): 'created' | 'deleted' | 'updated' {
  if (isZeroSha(event.after)) return 'deleted';
  if (isZeroSha(event.before)) return 'created';
  return 'updated';
}
