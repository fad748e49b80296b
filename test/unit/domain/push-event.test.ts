import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { branchChange, classifyHook, type HookClassification } from '../../../libs/domain/src/push-event';
import { pushPayload, SHA256_A, SHA_A, SHA_B, ZERO_40, ZERO_64 } from './support/push-payload';

function expectPush(result: HookClassification) {
  if (result.kind !== 'push') throw new Error(`expected push, got ${JSON.stringify(result)}`);
  return result.event;
}

describe('classifyHook: ignored events', () => {
  it.each([
    ['Merge Request Hook', pushPayload(), "event kind 'Merge Request Hook' is not handled"],
    [
      'Tag Push Hook',
      pushPayload({ object_kind: 'tag_push', ref: 'refs/tags/v1' }),
      "event kind 'Tag Push Hook'",
    ],
    ['Pipeline Hook', { object_kind: 'pipeline' }, "event kind 'Pipeline Hook'"],
    ['System Hook', pushPayload(), "event kind 'System Hook'"],
    [undefined, pushPayload(), 'missing X-Gitlab-Event header'],
    ['', pushPayload(), 'missing X-Gitlab-Event header'],
    ['Push Hook', pushPayload({ object_kind: 'tag_push' }), 'tag push'],
    ['Push Hook', pushPayload({ ref: 'refs/tags/v1.0.0' }), 'tag push'],
    ['Push Hook', pushPayload({ ref: 'refs/merge-requests/1/head' }), 'is not a branch'],
    ['Push Hook', pushPayload({ ref: 'refs/notes/commits' }), 'is not a branch'],
    ['Push Hook', pushPayload({ ref: 'dev' }), 'is not a branch'],
    ['Push Hook', pushPayload({ ref: 'refs/heads' }), 'is not a branch'],
    [
      'Push Hook',
      pushPayload({ object_kind: 'merge_request' }),
      "object_kind 'merge_request' is not handled",
    ],
  ])('%j with %j → ignored', (header, body, reason) => {
    const result = classifyHook(header, body);
    expect(result.kind).toBe('ignored');
    if (result.kind === 'ignored') expect(result.reason).toContain(reason);
  });

  it('ignores other event kinds even when the body is garbage (never 4xx)', () => {
    expect(classifyHook('Note Hook', 'not json').kind).toBe('ignored');
    expect(classifyHook('Tag Push Hook', null).kind).toBe('ignored');
  });

  it('accepts the header with surrounding whitespace or different case', () => {
    expect(classifyHook(' push hook ', pushPayload()).kind).toBe('push');
  });
});

describe('classifyHook: valid pushes', () => {
  it('maps a realistic payload and drops unknown fields', () => {
    const event = expectPush(classifyHook('Push Hook', pushPayload()));
    expect(event).toEqual({
      projectId: 15,
      projectPath: 'p2c/k8s-deployments',
      ref: 'refs/heads/dev',
      branch: 'dev',
      before: SHA_A,
      after: SHA_B,
      checkoutSha: SHA_B,
      totalCommitsCount: 1,
      commits: [
        {
          id: SHA_B,
          message: 'Update example-app to 1.0.42\n',
          added: [],
          modified: ['manifests/example-app/deployment.yaml'],
          removed: [],
        },
      ],
      userUsername: 'jsmith',
    });
  });

  const twentyCommits = Array.from({ length: 20 }, (_, i) => ({
    id: i.toString(16).padStart(40, '0').replace(/^0/, 'c'),
    message: `commit ${i}`,
    added: [],
    modified: [`manifests/app${i}/x.yaml`],
    removed: [],
  }));

  it.each([
    ['branch created (40 zeros before)', { before: ZERO_40 }, { before: ZERO_40 }],
    [
      'branch created (64 zeros before, SHA-256 repo)',
      { before: ZERO_64, after: SHA256_A, checkout_sha: SHA256_A },
      {
        before: ZERO_64,
        after: SHA256_A,
      },
    ],
    [
      'branch deleted (zero after, checkout_sha null, no commits)',
      { after: ZERO_40, checkout_sha: null, commits: [], total_commits_count: 0 },
      { after: ZERO_40, checkoutSha: null, commits: [], totalCommitsCount: 0 },
    ],
    [
      '20-commit cap: total_commits_count 25 with 20 commits',
      { commits: twentyCommits, total_commits_count: 25 },
      { totalCommitsCount: 25 },
    ],
    [
      'commits missing → []',
      { commits: undefined, total_commits_count: undefined },
      { commits: [], totalCommitsCount: 0 },
    ],
    ['commits null → []', { commits: null }, { commits: [] }],
    [
      'total_commits_count missing → commits.length',
      { total_commits_count: undefined },
      { totalCommitsCount: 1 },
    ],
    ['uppercase shas are normalised', { before: SHA_A.toUpperCase() }, { before: SHA_A }],
    ['branch with slashes', { ref: 'refs/heads/env/dev' }, { branch: 'env/dev', ref: 'refs/heads/env/dev' }],
    ['user_username missing → null', { user_username: undefined }, { userUsername: null }],
    ['checkout_sha missing → null', { checkout_sha: undefined }, { checkoutSha: null }],
    ['unknown extra fields dropped', { extra: { deep: [1, 2, 3] } }, { projectId: 15 }],
  ])('%s', (_label, overrides, expected) => {
    const event = expectPush(classifyHook('Push Hook', pushPayload(overrides)));
    expect(event).toMatchObject(expected);
    expect(event).not.toHaveProperty('extra');
  });

  it('commit fields default to empty when missing', () => {
    const event = expectPush(classifyHook('Push Hook', pushPayload({ commits: [{ id: SHA_A }] })));
    expect(event.commits).toEqual([{ id: SHA_A, message: '', added: [], modified: [], removed: [] }]);
  });
});

describe('classifyHook: invalid push hooks', () => {
  const sha = 'expected a 40- or 64-character hex sha';
  it.each([
    ['body not an object (string)', 'hello', 'body: expected a JSON object'],
    ['body null', null, 'body: expected a JSON object'],
    ['body an array', [pushPayload()], 'body: expected a JSON object'],
    ['object_kind missing', pushPayload({ object_kind: undefined }), "object_kind: expected 'push'"],
    ['object_kind a number', pushPayload({ object_kind: 1 }), "object_kind: expected 'push'"],
    ['ref missing', pushPayload({ ref: undefined }), 'ref: expected a string'],
    ['ref a number', pushPayload({ ref: 42 }), 'ref: expected a string'],
    ['empty branch', pushPayload({ ref: 'refs/heads/' }), 'ref: branch name is empty'],
    ['ref too long', pushPayload({ ref: `refs/heads/${'x'.repeat(2000)}` }), 'ref: longer than 1024'],
    ['after not hex', pushPayload({ after: 'z'.repeat(40) }), `after: ${sha}`],
    ['after 39 chars', pushPayload({ after: 'a'.repeat(39) }), `after: ${sha}`],
    ['after 50 chars', pushPayload({ after: 'a'.repeat(50) }), `after: ${sha}`],
    ['before missing', pushPayload({ before: undefined }), `before: ${sha}`],
    ['checkout_sha garbage', pushPayload({ checkout_sha: 'nope' }), `checkout_sha: ${sha}`],
    ['project_id 0', pushPayload({ project_id: 0 }), 'project_id: expected a positive integer'],
    ['project_id negative', pushPayload({ project_id: -3 }), 'project_id: expected a positive integer'],
    ['project_id fractional', pushPayload({ project_id: 1.5 }), 'project_id: expected a positive integer'],
    ['project_id a string', pushPayload({ project_id: '15' }), 'project_id: expected a positive integer'],
    ['project missing', pushPayload({ project: undefined }), 'project: expected an object'],
    [
      'path_with_namespace empty',
      pushPayload({ project: { path_with_namespace: '' } }),
      'project.path_with_namespace: expected a non-empty string',
    ],
    [
      'path_with_namespace missing',
      pushPayload({ project: { id: 15 } }),
      'project.path_with_namespace: expected a non-empty string',
    ],
    ['commits an object', pushPayload({ commits: { 0: {} } }), 'commits: expected an array'],
    ['commit not an object', pushPayload({ commits: ['x'] }), 'commits.0: expected an object'],
    ['commit id not a sha', pushPayload({ commits: [{ id: 'x' }] }), `commits.0.id: ${sha}`],
    [
      'commit message too long',
      pushPayload({ commits: [{ id: SHA_A, message: 'm'.repeat(64 * 1024 + 1) }] }),
      'commits.0.message: longer than 65536',
    ],
    ['commit added not an array', pushPayload({ commits: [{ id: SHA_A, added: 'a' }] }), 'commits.0.added'],
    [
      'commit path not a string',
      pushPayload({ commits: [{ id: SHA_A, removed: [1] }] }),
      'commits.0.removed.0',
    ],
    [
      'total_commits_count negative',
      pushPayload({ total_commits_count: -1 }),
      'total_commits_count: expected',
    ],
    [
      'total_commits_count a string',
      pushPayload({ total_commits_count: '3' }),
      'total_commits_count: expected',
    ],
    ['user_username a number', pushPayload({ user_username: 5 }), 'user_username: expected a string'],
  ])('%s', (_label, body, message) => {
    const result = classifyHook('Push Hook', body);
    expect(result.kind).toBe('invalid');
    if (result.kind === 'invalid') expect(result.errors.join('\n')).toContain(message);
  });

  it('reports every bad field at once', () => {
    const result = classifyHook('Push Hook', pushPayload({ before: 1, after: 2, project_id: 'x' }));
    expect(result).toEqual({
      kind: 'invalid',
      errors: [
        'before: expected a 40- or 64-character hex sha',
        'after: expected a 40- or 64-character hex sha',
        'project_id: expected a positive integer',
      ],
    });
  });
});

describe('classifyHook: hostile input', () => {
  it('does not read fields through __proto__ or copy it', () => {
    const body = JSON.parse(
      `{"__proto__": {"project_id": 15, "polluted": true}, "constructor": {"prototype": {"polluted": true}},
        "object_kind": "push", "ref": "refs/heads/dev", "before": "${SHA_A}", "after": "${SHA_B}",
        "project": {"path_with_namespace": "p2c/x", "__proto__": {"polluted": true}}}`,
    ) as unknown;
    const result = classifyHook('Push Hook', body);
    expect(result).toEqual({ kind: 'invalid', errors: ['project_id: expected a positive integer'] });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('ignores inherited fields on a non-plain object', () => {
    const body = Object.create(pushPayload()) as unknown;
    expect(classifyHook('Push Hook', body)).toEqual({
      kind: 'invalid',
      errors: ['body: expected a JSON object'],
    });
  });

  it('turns a throwing getter into invalid instead of throwing', () => {
    const body = pushPayload();
    Object.defineProperty(body, 'after', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(classifyHook('Push Hook', body).kind).toBe('invalid');
  });

  it('accepts a payload whose own keys include __proto__ without polluting the event', () => {
    const body = JSON.parse(JSON.stringify(pushPayload()).replace('{', '{"__proto__":{"x":1},')) as unknown;
    const event = expectPush(classifyHook('Push Hook', body));
    expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
    expect((event as unknown as Record<string, unknown>)['x']).toBeUndefined();
  });

  it('rejects a huge ref quickly', () => {
    const started = performance.now();
    const result = classifyHook('Push Hook', pushPayload({ ref: `refs/heads/${'x'.repeat(5_000_000)}` }));
    expect(result.kind).toBe('invalid');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('property: never throws on arbitrary JSON, for any header', () => {
    fc.assert(
      fc.property(fc.option(fc.string()), fc.jsonValue(), (header, body) => {
        const result = classifyHook(header ?? undefined, body);
        expect(['push', 'ignored', 'invalid']).toContain(result.kind);
      }),
      { numRuns: 500 },
    );
  });

  it('property: never throws on arbitrary values (including __proto__ keys) mixed into a valid payload', () => {
    const key = fc.constantFrom(
      'object_kind',
      'ref',
      'before',
      'after',
      'project_id',
      'project',
      'commits',
      'total_commits_count',
      'checkout_sha',
      'user_username',
      '__proto__',
      'constructor',
    );
    fc.assert(
      fc.property(
        fc.dictionary(key, fc.anything({ withNullPrototype: true, withObjectString: true })),
        (patch) => {
          const body = JSON.parse(JSON.stringify({ ...pushPayload(), ...patch }) ?? 'null') as unknown;
          const result = classifyHook('Push Hook', body);
          expect(['push', 'ignored', 'invalid']).toContain(result.kind);
          if (result.kind === 'invalid') expect(result.errors.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('property: accepted events always have valid shas, a branch and a consistent ref', () => {
    const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 40, maxLength: 40 });
    fc.assert(
      fc.property(hex, hex, fc.string({ minLength: 1, maxLength: 50 }), (before, after, branch) => {
        const result = classifyHook('Push Hook', pushPayload({ before, after, ref: `refs/heads/${branch}` }));
        const event = expectPush(result);
        expect(event.before).toBe(before);
        expect(event.after).toBe(after);
        expect(`refs/heads/${event.branch}`).toBe(event.ref);
      }),
    );
  });
});

describe('branchChange', () => {
  it.each([
    ['created (40 zeros before)', ZERO_40, SHA_B, 'created'],
    ['created (64 zeros before)', ZERO_64, SHA256_A, 'created'],
    ['deleted (40 zeros after)', SHA_A, ZERO_40, 'deleted'],
    ['deleted (64 zeros after)', SHA256_A, ZERO_64, 'deleted'],
    ['updated', SHA_A, SHA_B, 'updated'],
  ] as const)('%s', (_label, before, after, expected) => {
    expect(branchChange({ before, after })).toBe(expected);
  });
});
