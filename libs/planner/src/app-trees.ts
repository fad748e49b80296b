import type { GitLabClient } from '@auto-promote/gitlab';

/** Tree ids of the app directories at given commits, one GitLab call per commit, cached for one event. */
export class AppTrees {
  private readonly byRef = new Map<string, Promise<Map<string, string>>>();

  constructor(
    private readonly gitlab: GitLabClient,
    private readonly project: string | number,
    private readonly appsDir: string,
  ) {}

  /** App directory name → git tree id at `ref` (empty when the apps directory does not exist there). */
  ids(ref: string): Promise<Map<string, string>> {
    let trees = this.byRef.get(ref);
    if (!trees) {
      trees = this.gitlab
        .tree(this.project, this.appsDir, ref)
        .then(
          (entries) => new Map((entries ?? []).filter((e) => e.type === 'tree').map((e) => [e.name, e.id])),
        );
      this.byRef.set(ref, trees);
    }
    return trees;
  }

  /** True when the app's directory is identical at both commits (same git tree id). */
  async same(app: string, a: string, b: string): Promise<boolean> {
    const [left, right] = await Promise.all([this.ids(a), this.ids(b)]);
    const id = left.get(app);
    return id !== undefined && id === right.get(app);
  }
}
