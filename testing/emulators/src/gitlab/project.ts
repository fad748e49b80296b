import type { GitRepository } from './git/git-repository';
import { readBlob } from './git/git-content';
import { HookRegistry } from './hooks/hook-registry';
import { hookInputAttributes, type HookInput, type ProjectHook } from './hooks/project-hook';
import { CommitStatusStore, type CommitStatus } from './model/commit-statuses';
import { FreezePeriodStore } from './model/freeze-periods';
import {
  MergeRequestStore,
  type MergeRequest,
  type MergeRequestInput,
  type MergeRequestNote,
} from './model/merge-requests';
import { mergeMergeRequest, type MergeOptions } from './model/merge-operation';
import type { ProjectContext } from './model/project-context';
import type { CommitOptions, ProjectSettings, PushOptions } from './model/project-options';
import { assertBranchName, describeProject } from './model/project-descriptor';
import { gitDateFromMs, isoUtc } from './model/time';
import {
  ZERO_SHA,
  type CommitSpec,
  type ProjectDescriptor,
  type RefUpdate,
  type Visibility,
} from './model/types';

/**
 * One emulated project: a bare git repository plus GitLab's records around it (hooks, merge requests,
 * statuses). Every branch movement goes through here so the Push Hook always follows. Writes are serialised;
 * hooks are dispatched after the lock is released so a hook receiver may call back into the API.
 */
export class EmulatedProject {
  readonly hooks: HookRegistry;
  readonly mergeRequestStore: MergeRequestStore;
  readonly statusStore: CommitStatusStore;
  /** Deploy Freeze periods (Settings → CI/CD → Deploy freezes). */
  readonly freezePeriods: FreezePeriodStore;
  readonly createdAt: string;
  /** Mirror of refs/heads, kept in step with every ref update we make. */
  private readonly branches = new Map<string, string>();
  private writeQueue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly settings: ProjectSettings,
    readonly repo: GitRepository,
    readonly context: ProjectContext,
  ) {
    this.createdAt = isoUtc(context.now());
    this.hooks = new HookRegistry(
      settings.id,
      () => context.nextId('hook'),
      () => context.hookHealthPolicy(),
    );
    this.mergeRequestStore = new MergeRequestStore(settings.id, () => context.nextId('merge_request'));
    this.freezePeriods = new FreezePeriodStore(() => context.nextId('freeze_period'));
    this.statusStore = new CommitStatusStore(
      () => context.nextId('status'),
      () => context.nextId('pipeline'),
    );
  }

  get id(): number {
    return this.settings.id;
  }

  get path(): string {
    return this.settings.pathWithNamespace;
  }

  get defaultBranch(): string {
    return this.settings.defaultBranch;
  }

  get visibility(): Visibility {
    return this.settings.visibility;
  }

  get descriptor(): ProjectDescriptor {
    return describeProject(this.settings, this.context.instanceUrl, this.createdAt);
  }

  // ---- branches -------------------------------------------------------------------------------------------

  branchHead(branch: string): string | undefined {
    return this.branches.get(branch);
  }

  branchNames(): string[] {
    return [...this.branches.keys()].sort();
  }

  /** GitLab protects the default branch by default (the emulator protects no other). */
  isProtected(branch: string): boolean {
    return branch === this.settings.defaultBranch;
  }

  /** One commit on `branch`; resolves with its sha once the Push Hook was delivered (unless waitForHooks false). */
  async commit(options: CommitOptions): Promise<string> {
    const { branch, startBranch, waitForHooks, ...spec } = options;
    const shas = await this.push(branch, [spec], { startBranch, waitForHooks });
    return shas[shas.length - 1] ?? ZERO_SHA;
  }

  /** Several commits in ONE push: one branch update, one Push Hook. Resolves with the shas, oldest first. */
  async push(branch: string, commits: readonly CommitSpec[], options: PushOptions = {}): Promise<string[]> {
    assertBranchName(branch);
    if (commits.length === 0) throw new Error('push needs at least one commit');
    const { shas, update } = await this.exclusive(async () => {
      const before = this.branches.get(branch);
      const start = options.startBranch ?? this.settings.defaultBranch;
      const parent = before ?? this.branches.get(start) ?? null;
      if (before === undefined && options.startBranch !== undefined && parent === null) {
        throw new Error(`start branch ${options.startBranch} does not exist`);
      }
      const date = gitDateFromMs(this.context.now());
      const user = this.context.user;
      const written = await this.repo.writeCommits(
        parent,
        commits.map((c) => ({
          files: c.files,
          message: c.message,
          author: c.author ?? user,
          committer: user,
          date,
        })),
      );
      const after = written[written.length - 1] ?? ZERO_SHA;
      return { shas: written, update: await this.moveBranch(branch, before, after) };
    });
    await this.context.dispatchPush(this, update, options.waitForHooks ?? true);
    return shas;
  }

  /** Creates `branch` at a branch name or commit sha; sends a branch-creation Push Hook (before = zeros). */
  async createBranch(
    branch: string,
    from: string,
    options: { waitForHooks?: boolean } = {},
  ): Promise<string> {
    assertBranchName(branch);
    const update = await this.exclusive(async () => {
      if (this.branches.has(branch)) throw new Error(`branch ${branch} already exists`);
      const sha = await this.resolve(from);
      if (sha === null) throw new Error(`unknown ref ${from}`);
      return this.moveBranch(branch, undefined, sha);
    });
    await this.context.dispatchPush(this, update, options.waitForHooks ?? true);
    return update.after;
  }

  /** Deletes `branch`; sends a deletion Push Hook (after = zeros, checkout_sha null). */
  async deleteBranch(branch: string, options: { waitForHooks?: boolean } = {}): Promise<void> {
    const update = await this.exclusive(async () => this.removeBranch(branch));
    await this.context.dispatchPush(this, update, options.waitForHooks ?? true);
  }

  /** Moves `branch` to any commit (rewinds included), like `git push --force`. A no-op move sends nothing. */
  async forcePush(branch: string, sha: string, options: { waitForHooks?: boolean } = {}): Promise<void> {
    assertBranchName(branch);
    const update = await this.exclusive(async () => {
      const target = await this.resolve(sha);
      if (target === null) throw new Error(`unknown commit ${sha}`);
      const before = this.branches.get(branch);
      return before === target ? null : this.moveBranch(branch, before, target);
    });
    if (update) await this.context.dispatchPush(this, update, options.waitForHooks ?? true);
  }

  /** A branch or (abbreviated) sha → full commit sha, or null. (The emulator has no tags.) */
  async resolve(ref: string): Promise<string | null> {
    const branch = this.branches.get(ref);
    if (branch !== undefined) return branch;
    if (ref === 'HEAD') return this.branches.get(this.settings.defaultBranch) ?? null;
    return /^[0-9a-f]{4,40}$/.test(ref) ? this.repo.resolveCommit(ref) : null;
  }

  async readFile(ref: string, path: string): Promise<string | null> {
    const sha = await this.resolve(ref);
    if (sha === null) return null;
    const blob = await readBlob(this.repo.objects, sha, path);
    return blob ? blob.content.toString('utf8') : null;
  }

  // ---- hooks, merge requests, statuses --------------------------------------------------------------------

  /** Registers a webhook as POST /projects/:id/hooks would (push_events defaults to true). */
  addHook(input: HookInput): ProjectHook {
    return this.hooks.add(hookInputAttributes(input), isoUtc(this.context.now()));
  }

  /** Asynchronous like GitLab's API, though the emulator answers at once. */
  createMergeRequest(input: MergeRequestInput): Promise<MergeRequest> {
    const mr = this.mergeRequestStore.create(
      input,
      this.branches.get(input.sourceBranch),
      this.branches.has(input.targetBranch),
      isoUtc(this.context.now()),
    );
    return Promise.resolve({ ...mr });
  }

  /** A real merge commit (two parents) on the target branch, then the target's Push Hook. */
  async mergeMergeRequest(iid: number, options: MergeOptions = {}): Promise<MergeRequest> {
    const { mr, updates } = await this.exclusive(() => mergeMergeRequest(this, iid, options));
    for (const update of updates) await this.context.dispatchPush(this, update, options.waitForHooks ?? true);
    return mr;
  }

  closeMergeRequest(iid: number): MergeRequest {
    const mr = this.mergeRequestStore.get(iid);
    this.mergeRequestStore.close(mr, isoUtc(this.context.now()));
    return { ...mr };
  }

  reopenMergeRequest(iid: number): MergeRequest {
    const mr = this.mergeRequestStore.get(iid);
    this.mergeRequestStore.reopen(mr, isoUtc(this.context.now()));
    return { ...mr };
  }

  mergeRequests(
    filter: { state?: string; sourceBranch?: string; targetBranch?: string } = {},
  ): MergeRequest[] {
    return this.mergeRequestStore.list(filter).map((mr) => ({ ...mr }));
  }

  notes(iid: number): MergeRequestNote[] {
    return [...this.mergeRequestStore.get(iid).notes];
  }

  addNote(iid: number, body: string): MergeRequestNote {
    const mr = this.mergeRequestStore.get(iid);
    return this.mergeRequestStore.addNote(mr, body, this.context.nextId('note'), isoUtc(this.context.now()));
  }

  statuses(sha: string): CommitStatus[] {
    return this.statusStore.list(sha, { all: true });
  }

  /** Branches whose history contains `sha`, sorted (GitLab picks the first as a status's default ref). */
  async branchesContaining(sha: string): Promise<string[]> {
    const out = await this.repo.git([
      'for-each-ref',
      '--format=%(refname:lstrip=2)',
      '--contains',
      sha,
      'refs/heads',
    ]);
    return out.stdout
      .toString('utf8')
      .split('\n')
      .filter((name) => name !== '' && this.branches.has(name))
      .sort();
  }

  // ---- internals shared with merge-operation.ts -----------------------------------------------------------

  /** Compare-and-swap of refs/heads/<branch> plus the in-memory mirror. Call inside `exclusive`. */
  async moveBranch(branch: string, before: string | undefined, after: string): Promise<RefUpdate> {
    await this.repo.updateRef(`refs/heads/${branch}`, after, before ?? null);
    this.branches.set(branch, after);
    this.mergeRequestStore.refreshSource(branch, after, isoUtc(this.context.now()));
    return { branch, before: before ?? ZERO_SHA, after };
  }

  /** Call inside `exclusive`. GitLab refuses to delete the default branch. */
  async removeBranch(branch: string): Promise<RefUpdate> {
    const before = this.branches.get(branch);
    if (before === undefined) throw new Error(`branch ${branch} does not exist`);
    if (branch === this.settings.defaultBranch)
      throw new Error('The default branch of a project cannot be deleted');
    await this.repo.deleteRef(`refs/heads/${branch}`, before);
    this.branches.delete(branch);
    return { branch, before, after: ZERO_SHA };
  }

  /** Serialises writes to this project. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.writeQueue.then(work);
    this.writeQueue = run.catch(() => undefined);
    return run;
  }
}
