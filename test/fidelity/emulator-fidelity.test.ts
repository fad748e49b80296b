import { beforeAll, describe, expect, it } from 'vitest';
import {
  collectGitLabAnswers,
  collectJenkinsAnswers,
  type GitLabAnswers,
  type JenkinsAnswers,
} from './support/emulator-answers';
import { GITLAB_ENDPOINTS, JENKINS_ENDPOINTS, type Endpoint } from './support/endpoints';
import { gitlabSchemas } from './support/gitlab-schemas';
import { isObject, listDir, realAnswer, realObject, realSchema, type Json } from './support/real-fixtures';
import { shapeMismatches, topLevelKeys } from './support/shape';

/**
 * The emulators (testing/emulators) against GitLab's own JSON schemas and against real GitLab and Jenkins
 * answers, for every endpoint the product calls (support/endpoints.ts): where a schema exists the emulator's
 * answer must validate; in any case every path the product reads, and every top-level key all real examples of
 * the endpoint share, must exist in the emulator's answer with the real JSON type (a real null allows any).
 */
let gitlab: GitLabAnswers;
let jenkins: JenkinsAnswers;
const schemas = gitlabSchemas();

beforeAll(async () => {
  [gitlab, jenkins] = await Promise.all([collectGitLabAnswers(), collectJenkinsAnswers()]);
}, 60_000);

/**
 * Hook keys the emulator answers that neither GitLab's schema nor any vendored real answer has: newer event
 * flags the client lists (HOOK_EVENT_FLAGS) and branch_filter_strategy. Reported; the hook routes are being
 * changed elsewhere.
 */
const UNVERIFIED_HOOK_KEYS = ['milestone_events', 'vulnerability_events', 'branch_filter_strategy'];

const elements = (value: Json): Json[] => (Array.isArray(value) ? value : [value]);

/** Keys every real example of the endpoint has: the part of the shape that holds across GitLab versions. */
function sharedKeys(files: readonly string[]): string[] {
  const [first, ...rest] = files.map((f) => elements(realAnswer(f).json).map(topLevelKeys));
  const all = (lists: string[][]) => lists.reduce((acc, keys) => acc.filter((k) => keys.includes(k)));
  return rest.reduce((acc, lists) => acc.filter((k) => all(lists).includes(k)), all(first ?? [[]]));
}

function checkEndpoint<K extends string>(endpoint: Endpoint<K>, answers: Record<K, Json>) {
  const emulated = answers[endpoint.answer];
  const sample = elements(emulated)[0];
  expect(sample, `${endpoint.call}: the emulator answered nothing to compare`).toBeDefined();
  const problems: string[] = [];
  for (const file of endpoint.real) {
    for (const real of elements(realAnswer(file).json)) {
      const nullablePaths = endpoint.nullable ?? [];
      for (const p of shapeMismatches(real, sample ?? null, endpoint.reads, { nullablePaths }))
        problems.push(`${file}: ${p}`);
    }
  }
  const shared = sharedKeys(endpoint.real).filter((k) => !(endpoint.exempt && k in endpoint.exempt));
  expect(shared.length, `${endpoint.call}: the real examples share no key`).toBeGreaterThan(0);
  for (const file of endpoint.real) {
    const real = elements(realAnswer(file).json)[0] ?? null;
    for (const p of shapeMismatches(real, sample ?? null, shared, { nullable: 'either' }))
      problems.push(`${file} (shared key): ${p}`);
  }
  expect(problems, endpoint.call).toEqual([]);
}

describe('the GitLab emulator answers like GitLab', () => {
  it('uses every vendored API answer of an endpoint the product calls', () => {
    const used = new Set([...GITLAB_ENDPOINTS, ...JENKINS_ENDPOINTS].flatMap((e) => e.real));
    expect(listDir('api').filter((f) => !used.has(f))).toEqual([]);
  });

  it.each(GITLAB_ENDPOINTS.map((e) => [e.call, e] as const))('%s: the real shape', (_call, endpoint) => {
    checkEndpoint(endpoint, gitlab);
  });

  it("validates a branch with GitLab's branch.json (and its commit with commit/basic.json)", () => {
    expect(schemas.validate('branch.json', gitlab.branch)).toEqual([]);
  });

  it("validates a commit with GitLab's commit/detail.json, and its stats like the real commits'", () => {
    expect(schemas.validate('commit/detail.json', gitlab.commit)).toEqual([]);
    const stats = isObject(gitlab.commit) ? gitlab.commit['stats'] : null;
    for (const file of ['xanzy_go-gitlab__testdata_get_commit.json', 'drone_go-scm__testdata_commit.json']) {
      const real = realObject(file)['stats'] ?? null;
      expect(shapeMismatches(real, stats ?? null, topLevelKeys(real)), file).toEqual([]);
    }
  });

  it("validates the compare's commits with GitLab's commit/basic.json", () => {
    const compare = isObject(gitlab.compare) ? gitlab.compare : {};
    const commits = elements(compare['commits'] ?? []);
    expect(commits.length).toBeGreaterThan(0);
    for (const commit of [compare['commit'] ?? null, ...commits])
      expect(schemas.validate('commit/basic.json', commit)).toEqual([]);
  });

  it("validates a commit's merge requests with GitLab's merge_request_simple.json", () => {
    const mrs = elements(gitlab.mergeRequests);
    expect(mrs.length).toBeGreaterThan(0);
    for (const mr of mrs) expect(schemas.validate('merge_request_simple.json', mr)).toEqual([]);
  });

  it('validates the merge request list, read and close with merge_request_simple.json, the commits with commit/basic.json', () => {
    for (const answer of [gitlab.mergeRequestList, gitlab.mergeRequest, gitlab.mergeRequestClosed])
      for (const mr of elements(answer))
        expect(schemas.validate('merge_request_simple.json', mr)).toEqual([]);
    expect(elements(gitlab.mergeRequestList)).toHaveLength(1);
    expect(gitlab.mergeRequestClosed).toMatchObject({ state: 'closed' });
    const commits = elements(gitlab.mergeRequestCommits);
    expect(commits.length).toBeGreaterThan(0);
    for (const commit of commits) expect(schemas.validate('commit/basic.json', commit)).toEqual([]);
  });

  it("validates the project hooks with GitLab's project_hook.json; keys beyond it are GitLab 17's", () => {
    // The schema forbids keys it does not list, yet GitLab 17's documented answer has some (name, description,
    // feature_flag_events, custom_headers, ...): the schema predates them. So: the schema without
    // additionalProperties must accept the emulator's hooks, and every key it does not list must be one a real
    // answer has — but for those no vendored real answer shows (reported, see UNVERIFIED_HOOK_KEYS).
    const listed = Object.keys(realSchema('gitlabhq_gitlabhq__v4_project_hook.json')['properties'] ?? {});
    const documented = realObject('gitlabhq_gitlabhq__project_webhooks.md_get-hook.json');
    const hooks = elements(gitlab.hooks).filter(isObject);
    expect(hooks.length).toBeGreaterThan(0);
    for (const hook of hooks) {
      expect(schemas.validateOpen('project_hook.json', hook)).toEqual([]);
      const beyond = Object.keys(hook).filter((k) => !listed.includes(k));
      expect(beyond.filter((k) => !(k in documented) && !UNVERIFIED_HOOK_KEYS.includes(k))).toEqual([]);
    }
  });
});

describe('the GitLab emulator answering like an older GitLab', () => {
  it('has the hook and compare shapes of the real older answers', async () => {
    const older = await collectGitLabAnswers({ olderGitLab: true });
    const realHooks = listDir('api')
      .filter((f) => /hook/i.test(f))
      .flatMap((f) => elements(realAnswer(f).json));
    // No real hook answer reports branch_filter_strategy; the older emulator does not either.
    expect(realHooks.filter(isObject).some((h) => 'branch_filter_strategy' in h)).toBe(false);
    for (const hook of elements(older.hooks).filter(isObject))
      expect(hook).not.toHaveProperty('branch_filter_strategy');
    // One of the two real compare answers lacks compare_timeout, as the older emulator's does.
    expect(realObject('drone_go-scm__testdata_compare.json')).not.toHaveProperty('compare_timeout');
    expect(older.compare).not.toHaveProperty('compare_timeout');
    expect(gitlab.compare).toHaveProperty('compare_timeout', false);
  }, 60_000);
});

describe('the Jenkins emulator answers like Jenkins', () => {
  it.each(JENKINS_ENDPOINTS.map((e) => [e.call, e] as const))('%s: the real shape', (_call, endpoint) => {
    checkEndpoint(endpoint, jenkins);
  });

  it('marks the queue items as Jenkins does: waiting without cancelled/executable, left with both', () => {
    const pending = isObject(jenkins.queueItemPending) ? jenkins.queueItemPending : {};
    const real = realObject('cdancy_jenkins-rest__queueItemPending.json');
    // A waiting item has neither key in Jenkins; clients must read "absent" as not cancelled, no build.
    expect(['cancelled' in real, 'executable' in real]).toEqual([false, false]);
    expect(['cancelled' in pending, 'executable' in pending]).toEqual([false, false]);
    expect(jenkins.queueItemRunning).toMatchObject({ cancelled: false, executable: { number: 1 } });
    expect(jenkins.queueItemCancelled).toMatchObject({ cancelled: true, executable: null });
  });
});
