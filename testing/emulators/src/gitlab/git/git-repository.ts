import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommitFileSummary, CommitInfo, GitDate, Identity } from '../model/types';
import {
  buildImportScript,
  normaliseMessage,
  parseMarks,
  SCRATCH_REF,
  type ImportCommit,
} from './fast-import-script';
import { GitDiffStream } from './diff-stream';
import { diffCommits, zipDiff } from './git-content';
import { gitExecFor, runGit, text, type GitExec } from './git-exec';
import { GitObjectReader } from './object-reader';
import { parseCommitObject, parseNameStatus, parseRawDiff, splitPatch } from './parsers';
import type { DiffEntry } from '../model/types';

const SHA_RE = /^[0-9a-f]{40}$/;
/** Names we are willing to hand to rev-parse: branch/tag-like names or (abbreviated) shas, never options. */
const SAFE_REV_RE = /^(?!-)[A-Za-z0-9._/@{}^~+-]+$/;

export interface MergeTreeResult {
  clean: boolean;
  tree: string;
}

/**
 * A bare repository driven by git plumbing only (no working tree). Commit objects and per-commit file
 * summaries are immutable, so they are cached by sha.
 */
export class GitRepository {
  readonly git: GitExec;
  /** Reads objects without a git process per read: trees, blobs, commits. */
  readonly objects: GitObjectReader;
  private readonly commitCache = new Map<string, CommitInfo>();
  private readonly fileCache = new Map<string, CommitFileSummary>();
  /** Ancestry and merge bases of two commits never change: asked of git once. */
  private readonly ancestry = new Map<string, boolean>();
  private readonly mergeBases = new Map<string, string | null>();
  /** Raw diffs and patches between two commits, as `git diff --raw -z -M` and `git diff -M` print them. */
  private readonly rawDiffs: GitDiffStream;
  private readonly patches: GitDiffStream;

  private constructor(readonly dir: string) {
    this.git = gitExecFor(dir);
    this.objects = new GitObjectReader(dir);
    this.rawDiffs = new GitDiffStream(dir, ['-r', '-z', '-M', '--raw', '--abbrev=40'], '\0');
    this.patches = new GitDiffStream(
      dir,
      ['-r', '-M', '-p', '--no-color', '--no-ext-diff', '--src-prefix=a/', '--dst-prefix=b/'],
      '\n',
    );
  }

  /** Stops the repository's long-running git processes. */
  close(): void {
    this.objects.close();
    this.rawDiffs.close();
    this.patches.close();
  }

  /**
   * Diff of `head` against `base` (null = the empty tree), renames detected, patches for the first `limit`
   * files. Two commits are diffed by the repository's long-running diff-tree processes; an empty base, a
   * truncated diff or a failing stream go through diffCommits (a git process per listing).
   */
  async diff(
    base: string | null,
    head: string,
    limit: number,
  ): Promise<{ entries: DiffEntry[]; total: number }> {
    if (base === head) return { entries: [], total: 0 };
    if (base !== null && SHA_RE.test(base) && SHA_RE.test(head)) {
      try {
        const raw = parseRawDiff(await this.rawDiffs.diff(head, base));
        if (raw.length <= limit) {
          const bodies = raw.length === 0 ? [] : splitPatch(await this.patches.diff(head, base));
          return { entries: zipDiff(raw, raw, bodies), total: raw.length };
        }
      } catch {
        // fall through to one git process per listing
      }
    }
    return diffCommits(this.git, base, head, limit);
  }

  static async init(dir: string, defaultBranch: string): Promise<GitRepository> {
    await runGit(null, ['-c', `init.defaultBranch=${defaultBranch}`, 'init', '--bare', '--quiet', dir]);
    const repo = new GitRepository(dir);
    await repo.git(['symbolic-ref', 'HEAD', `refs/heads/${defaultBranch}`]);
    return repo;
  }

  /** Writes commits chained on `parent` (null = root commit) and returns their shas, oldest first. */
  async writeCommits(parent: string | null, commits: readonly ImportCommit[]): Promise<string[]> {
    const marksFile = join(this.dir, `emulator-marks-${process.pid}-${Date.now()}-${Math.random()}`);
    try {
      await this.git(['fast-import', '--quiet', '--force', '--done', `--export-marks=${marksFile}`], {
        input: buildImportScript(parent, commits),
      });
      return parseMarks(await readFile(marksFile, 'utf8'), commits.length);
    } finally {
      await rm(marksFile, { force: true });
    }
  }

  /** Real three-way merge without a working tree (git ≥ 2.38). */
  async mergeTree(ours: string, theirs: string): Promise<MergeTreeResult> {
    const result = await this.git(['merge-tree', '--write-tree', '--no-messages', ours, theirs], {
      okExitCodes: [1],
    });
    const tree = result.stdout.toString('utf8').split('\n')[0]?.trim() ?? '';
    return { clean: result.code === 0, tree };
  }

  async commitTree(tree: string, parents: readonly string[], message: string, who: Identity, date: GitDate) {
    const stamp = `${date.seconds} ${date.offset}`;
    const args = ['commit-tree', tree, ...parents.flatMap((parent) => ['-p', parent])];
    const result = await this.git(args, {
      input: normaliseMessage(message),
      env: {
        GIT_AUTHOR_NAME: who.name,
        GIT_AUTHOR_EMAIL: who.email,
        GIT_AUTHOR_DATE: stamp,
        GIT_COMMITTER_NAME: who.name,
        GIT_COMMITTER_EMAIL: who.email,
        GIT_COMMITTER_DATE: stamp,
      },
    });
    return text(result);
  }

  /** Compare-and-swap ref update; `expected` null means the ref must not exist yet. */
  async updateRef(ref: string, sha: string, expected: string | null): Promise<void> {
    await this.git(['update-ref', ref, sha, expected ?? '0'.repeat(40)]);
  }

  async deleteRef(ref: string, expected: string): Promise<void> {
    await this.git(['update-ref', '-d', ref, expected]);
  }

  /** All refs under a prefix ("refs/heads/") as short name → sha. */
  async listRefs(prefix: string): Promise<Map<string, string>> {
    const out = text(await this.git(['for-each-ref', '--format=%(objectname) %(refname)', prefix]));
    const refs = new Map<string, string>();
    for (const line of out.split('\n')) {
      const space = line.indexOf(' ');
      if (space > 0) refs.set(line.slice(space + 1 + prefix.length), line.slice(0, space));
    }
    refs.delete(SCRATCH_REF.slice(prefix.length));
    return refs;
  }

  /** Resolves a revision to a commit sha, or null when it does not name a commit. */
  async resolveCommit(rev: string): Promise<string | null> {
    if (!SAFE_REV_RE.test(rev)) return null;
    if (SHA_RE.test(rev)) {
      // A full sha names the same commit for ever: asked once, through the object reader.
      if (this.commitCache.has(rev)) return rev;
      const object = await this.objects.read(`${rev}^{commit}`);
      return object && object.type === 'commit' && SHA_RE.test(object.id) ? object.id : null;
    }
    const result = await this.git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], {
      okExitCodes: [1, 128],
    });
    const sha = text(result);
    return result.code === 0 && SHA_RE.test(sha) ? sha : null;
  }

  async mergeBase(a: string, b: string): Promise<string | null> {
    const key = `${a} ${b}`;
    const known = this.mergeBases.get(key);
    if (known !== undefined) return known;
    const result = await this.git(['merge-base', a, b], { okExitCodes: [1] });
    const base = result.code === 0 ? text(result) : null;
    if (SHA_RE.test(a) && SHA_RE.test(b)) this.mergeBases.set(key, base);
    return base;
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const key = `${ancestor} ${descendant}`;
    const known = this.ancestry.get(key);
    if (known !== undefined) return known;
    const result = await this.git(['merge-base', '--is-ancestor', ancestor, descendant], {
      okExitCodes: [1],
    });
    if (SHA_RE.test(ancestor) && SHA_RE.test(descendant)) this.ancestry.set(key, result.code === 0);
    return result.code === 0;
  }

  /** Commits reachable from `include` and none of `exclude`, oldest first; `max` keeps the NEWEST ones. */
  async revList(include: string, exclude: readonly string[], max?: number): Promise<string[]> {
    const [only] = exclude;
    if (max === undefined && exclude.length === 1 && only !== undefined) {
      const walked = await this.linearRange(include, only);
      if (walked) return walked;
    }
    const args = ['rev-list', ...(max === undefined ? [] : [`--max-count=${max}`]), include];
    const out = text(await this.git([...args, ...exclude.map((sha) => `^${sha}`), '--']));
    return out === '' ? [] : out.split('\n').reverse();
  }

  /**
   * `include` ^`exclude` walked in memory when the history between them is a straight line of at most
   * `limit` commits (the common push): every commit walked has one parent, so none of them can be
   * reachable from `exclude`. Null otherwise, and git answers.
   */
  private async linearRange(include: string, exclude: string, limit = 100): Promise<string[] | null> {
    if (!SHA_RE.test(include) || !SHA_RE.test(exclude)) return null;
    const walked: string[] = [];
    for (let sha = include; sha !== exclude;) {
      if (walked.length >= limit) return null;
      const info = await this.readCommits([sha]).then(
        ([commit]) => commit,
        () => undefined,
      );
      const parent = info?.parents.length === 1 ? info.parents[0] : undefined;
      if (parent === undefined) return null;
      walked.push(sha);
      sha = parent;
    }
    return walked.reverse();
  }

  async countCommits(include: string, exclude: readonly string[] = []): Promise<number> {
    const out = await this.git(['rev-list', '--count', include, ...exclude.map((sha) => `^${sha}`), '--']);
    return Number(text(out));
  }

  /** Reads commit objects through the object reader, serving repeats from the cache. */
  async readCommits(shas: readonly string[]): Promise<CommitInfo[]> {
    const missing = [...new Set(shas.filter((sha) => !this.commitCache.has(sha)))];
    await Promise.all(
      missing.map(async (sha) => {
        const object = await this.objects.read(sha);
        if (object?.type === 'commit') {
          this.commitCache.set(sha, parseCommitObject(sha, object.content.toString('utf8')));
        }
      }),
    );
    return shas.map((sha) => {
      const info = this.commitCache.get(sha);
      if (!info) throw new Error(`commit ${sha} not found`);
      return info;
    });
  }

  async readCommit(sha: string): Promise<CommitInfo> {
    const [info] = await this.readCommits([sha]);
    if (!info) throw new Error(`commit ${sha} not found`);
    return info;
  }

  /** Files a commit touched against its first parent (all files for a root commit), renames detected. */
  async commitFiles(sha: string): Promise<CommitFileSummary> {
    const cached = this.fileCache.get(sha);
    if (cached) return cached;
    const info = await this.readCommit(sha);
    const base = info.parents[0];
    const range = base === undefined ? ['--root', sha] : [base, sha];
    const out = await this.git(['diff-tree', '-r', '-z', '-M', '--no-commit-id', '--name-status', ...range]);
    const summary = parseNameStatus(out.stdout.toString('utf8'));
    this.fileCache.set(sha, summary);
    return summary;
  }
}
