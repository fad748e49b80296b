import type { BlobRead, DiffEntry, TreeEntry } from '../model/types';
import type { GitExec } from './git-exec';
import { parseTreeObject, type GitObjectReader } from './object-reader';
import { parseRawDiff, splitPatch, type RawDiffEntry } from './parsers';

/** Read-only views of repository content: diffs between commits, trees and blobs. */

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** Raw entries with their patch bodies; `listed` and `bodies` are in git's order, `kept` a subset of them. */
export function zipDiff(
  kept: readonly RawDiffEntry[],
  listed: readonly RawDiffEntry[],
  bodies: readonly string[],
): DiffEntry[] {
  const bodyByKey = new Map(
    listed.map((entry, index) => [`${entry.oldPath}\0${entry.newPath}`, bodies[index] ?? '']),
  );
  return kept.map((entry): DiffEntry => {
    const status = entry.status.charAt(0);
    return {
      oldPath: entry.oldPath,
      newPath: entry.newPath,
      aMode: entry.aMode,
      bMode: entry.bMode,
      newFile: status === 'A',
      renamedFile: status === 'R',
      deletedFile: status === 'D',
      diff: bodyByKey.get(`${entry.oldPath}\0${entry.newPath}`) ?? '',
    };
  });
}

/**
 * Diff of `head` against `base` (null = empty tree), renames detected like GitLab. `limit` caps how many file
 * diffs get patch text computed; the returned `total` is the real number of changed files.
 */
export async function diffCommits(
  git: GitExec,
  base: string | null,
  head: string,
  limit: number,
): Promise<{ entries: DiffEntry[]; total: number }> {
  const from = base ?? EMPTY_TREE;
  const rawArgs = ['diff', '--raw', '-z', '-M', '--abbrev=40', from, head];
  const raw = parseRawDiff((await git(rawArgs)).stdout.toString('utf8'));
  const kept = raw.slice(0, Math.max(0, limit));
  if (kept.length === 0) return { entries: [], total: raw.length };
  // A truncated diff only pays for the patches it keeps: both listings are re-run on the kept paths so the
  // patch bodies can be zipped with their raw entries in git's own order.
  const pathspec =
    raw.length > kept.length ? ['--', ...new Set(kept.flatMap((e) => [e.oldPath, e.newPath]))] : [];
  const listed =
    pathspec.length === 0 ? raw : parseRawDiff((await git([...rawArgs, ...pathspec])).stdout.toString());
  const patchArgs = [
    'diff',
    '-M',
    '--no-color',
    '--no-ext-diff',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    from,
    head,
  ];
  const bodies = splitPatch((await git([...patchArgs, ...pathspec])).stdout.toString('utf8'));
  const entries = zipDiff(kept, listed, bodies);
  return { entries, total: raw.length };
}

/** Entries of the tree object `id`, with paths under `dir`; sub-trees walked depth-first when recursive. */
async function treeEntries(
  objects: GitObjectReader,
  id: string,
  dir: string,
  recursive: boolean,
  out: TreeEntry[],
): Promise<void> {
  const tree = await objects.read(id);
  if (!tree || tree.type !== 'tree') return;
  for (const { mode, name, id: entryId } of parseTreeObject(tree.content)) {
    const type = mode === '040000' ? 'tree' : mode === '160000' ? 'commit' : 'blob';
    const path = dir === '' ? name : `${dir}/${name}`;
    out.push({ id: entryId, name, type, path, mode });
    if (recursive && type === 'tree') await treeEntries(objects, entryId, path, true, out);
  }
}

/**
 * Entries of the directory `path` ('' = root) at `commit`; null when it is not a directory. Read through
 * the repository's `cat-file --batch` process, in the order `git ls-tree [-r -t]` lists them.
 */
export async function listTree(
  objects: GitObjectReader,
  commit: string,
  path: string,
  recursive: boolean,
): Promise<TreeEntry[] | null> {
  const clean = path.replace(/^\/+|\/+$/g, '');
  const target = await objects.read(`${commit}:${clean}`);
  if (!target || target.type !== 'tree') return null;
  const entries: TreeEntry[] = [];
  await treeEntries(objects, target.id, clean, recursive, entries);
  if (recursive) return entries;
  // A directory listing shows sub-directories before files, as GitLab's repository browser does.
  return [
    ...entries.filter((entry) => entry.type === 'tree'),
    ...entries.filter((entry) => entry.type !== 'tree'),
  ];
}

/** Blob at `<commit>:<path>`, or null when missing or not a file. */
export async function readBlob(
  objects: GitObjectReader,
  commit: string,
  path: string,
): Promise<BlobRead | null> {
  const clean = path.replace(/^\/+/, '');
  if (clean === '') return null;
  const slash = clean.lastIndexOf('/');
  const dir = slash === -1 ? '' : clean.slice(0, slash);
  const listing = await listTree(objects, commit, dir, false);
  const entry = listing?.find((candidate) => candidate.path === clean);
  if (!entry || entry.type !== 'blob') return null;
  const blob = await objects.read(entry.id);
  return blob ? { id: entry.id, mode: entry.mode, content: blob.content } : null;
}
