/** Test helper: a realistic GitLab push hook body, with overrides. Not part of the library. */
export const SHA_A = 'a'.repeat(40);
export const SHA_B = 'b'.repeat(40);
export const SHA_C = 'c'.repeat(40);
export const SHA256_A = 'a'.repeat(64);
export const ZERO_40 = '0'.repeat(40);
export const ZERO_64 = '0'.repeat(64);

export function pushPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    object_kind: 'push',
    event_name: 'push',
    before: SHA_A,
    after: SHA_B,
    ref: 'refs/heads/dev',
    ref_protected: true,
    checkout_sha: SHA_B,
    user_id: 4,
    user_name: 'John Smith',
    user_username: 'jsmith',
    project_id: 15,
    project: {
      id: 15,
      name: 'k8s-deployments',
      path_with_namespace: 'p2c/k8s-deployments',
      web_url: 'https://gitlab.example.com/p2c/k8s-deployments',
      default_branch: 'dev',
    },
    commits: [
      {
        id: SHA_B,
        message: 'Update example-app to 1.0.42\n',
        title: 'Update example-app to 1.0.42',
        timestamp: '2026-11-26T10:00:00+00:00',
        author: { name: 'John Smith', email: 'john@example.com' },
        added: [],
        modified: ['manifests/example-app/deployment.yaml'],
        removed: [],
      },
    ],
    total_commits_count: 1,
    repository: { name: 'k8s-deployments' },
    ...overrides,
  };
}
