import type { CommitFileSummary, CommitInfo, GitDate } from '../model/types';

/** Pure parsers for git plumbing output. No I/O here so they are cheap to test in isolation. */

interface ParsedIdentity {
  name: string;
  email: string;
  date: GitDate;
}

export function parseIdentityLine(line: string): ParsedIdentity {
  const match = /^(.*) <(.*)> (-?\d+) ([+-]\d{4})$/.exec(line);
  if (!match) return { name: line, email: '', date: { seconds: 0, offset: '+0000' } };
  const [, name = '', email = '', seconds = '0', offset = '+0000'] = match;
  return { name, email, date: { seconds: Number(seconds), offset } };
}

/** Parses the body of `git cat-file commit <sha>`. */
export function parseCommitObject(id: string, raw: string): CommitInfo {
  const split = raw.indexOf('\n\n');
  const header = split === -1 ? raw : raw.slice(0, split);
  const message = split === -1 ? '' : raw.slice(split + 2);
  let tree = '';
  const parents: string[] = [];
  let author: ParsedIdentity = parseIdentityLine('');
  let committer: ParsedIdentity = author;
  for (const line of header.split('\n')) {
    const space = line.indexOf(' ');
    const key = line.slice(0, space);
    const value = line.slice(space + 1);
    if (key === 'tree') tree = value;
    else if (key === 'parent') parents.push(value);
    else if (key === 'author') author = parseIdentityLine(value);
    else if (key === 'committer') committer = parseIdentityLine(value);
  }
  return {
    id,
    tree,
    parents,
    authorName: author.name,
    authorEmail: author.email,
    authorDate: author.date,
    committerName: committer.name,
    committerEmail: committer.email,
    committerDate: committer.date,
    message,
  };
}

/**
 * Parses `git diff-tree -r -z -M --name-status`. GitLab reports a rename as the old path removed and the new
 * path added, and a type change as a modification.
 */
export function parseNameStatus(output: string): CommitFileSummary {
  const summary: CommitFileSummary = { added: [], modified: [], removed: [] };
  const fields = output.split('\0').filter((field) => field !== '');
  for (let i = 0; i < fields.length;) {
    const status = fields[i] ?? '';
    const first = fields[i + 1] ?? '';
    if (status.startsWith('R') || status.startsWith('C')) {
      const second = fields[i + 2] ?? '';
      if (status.startsWith('R')) summary.removed.push(first);
      summary.added.push(second);
      i += 3;
      continue;
    }
    if (status === 'A') summary.added.push(first);
    else if (status === 'D') summary.removed.push(first);
    else summary.modified.push(first);
    i += 2;
  }
  return summary;
}

export interface RawDiffEntry {
  aMode: string;
  bMode: string;
  status: string;
  oldPath: string;
  newPath: string;
}

/** GitLab writes the mode of a missing side as "0", git as "000000". */
function gitlabMode(mode: string): string {
  return /^0+$/.test(mode) ? '0' : mode;
}

/** Parses `git diff --raw -z` (one entry per changed path, renames as one entry with two paths). */
export function parseRawDiff(output: string): RawDiffEntry[] {
  const entries: RawDiffEntry[] = [];
  const fields = output.split('\0');
  for (let i = 0; i < fields.length;) {
    const meta = fields[i] ?? '';
    if (!meta.startsWith(':')) {
      i += 1;
      continue;
    }
    const [aMode = '', bMode = '', , , status = ''] = meta.slice(1).split(' ');
    const twoPaths = status.startsWith('R') || status.startsWith('C');
    const oldPath = fields[i + 1] ?? '';
    const newPath = twoPaths ? (fields[i + 2] ?? '') : oldPath;
    entries.push({ aMode: gitlabMode(aMode), bMode: gitlabMode(bMode), status, oldPath, newPath });
    i += twoPaths ? 3 : 2;
  }
  return entries;
}

/**
 * Splits a unified patch into one body per file, in the order git printed them (the same order as --raw).
 * GitLab's `diff` field starts at the first hunk header; headers (diff --git, index, ---/+++) are dropped.
 */
export function splitPatch(patch: string): string[] {
  const chunks = patch.split(/^diff --git .*$/m).slice(1);
  return chunks.map((chunk) => {
    const body = chunk.startsWith('\n') ? chunk.slice(1) : chunk;
    const hunk = body.search(/^@@ /m);
    if (hunk !== -1) return body.slice(hunk);
    const binary = /^Binary files .* differ$/m.exec(body);
    return binary ? `${binary[0]}\n` : '';
  });
}
