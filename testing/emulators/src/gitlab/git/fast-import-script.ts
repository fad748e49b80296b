import type { FileChanges, GitDate, Identity } from '../model/types';

/** Builds a `git fast-import` stream: one process writes any number of commits, which keeps tests fast. */

export const SCRATCH_REF = 'refs/emulator/scratch';

export interface ImportCommit {
  files: FileChanges;
  message: string;
  author: Identity;
  committer: Identity;
  date: GitDate;
}

/** fast-import takes a path as the rest of the line; only quotes, backslashes and newlines need C quoting. */
export function quotePath(path: string): string {
  if (!/["\\\n]/.test(path)) return path;
  return `"${path.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** git stores messages with a trailing newline, as `git commit` does. */
export function normaliseMessage(message: string): string {
  return message.endsWith('\n') ? message : `${message}\n`;
}

function identity(who: Identity, date: GitDate): string {
  return `${who.name} <${who.email}> ${date.seconds} ${date.offset}`;
}

function data(content: string): Buffer[] {
  const bytes = Buffer.from(content, 'utf8');
  return [Buffer.from(`data ${bytes.length}\n`), bytes, Buffer.from('\n')];
}

/**
 * Commits are chained on SCRATCH_REF, the first one on top of `parent` (or as a root commit when null).
 * Marks :1..:n identify the new commits in the exported marks file.
 */
export function buildImportScript(parent: string | null, commits: readonly ImportCommit[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`reset ${SCRATCH_REF}\n`)];
  if (parent !== null) parts.push(Buffer.from(`from ${parent}\n\n`));
  commits.forEach((commit, index) => {
    parts.push(Buffer.from(`commit ${SCRATCH_REF}\nmark :${index + 1}\n`));
    parts.push(Buffer.from(`author ${identity(commit.author, commit.date)}\n`));
    parts.push(Buffer.from(`committer ${identity(commit.committer, commit.date)}\n`));
    parts.push(...data(normaliseMessage(commit.message)));
    for (const [path, content] of Object.entries(commit.files)) {
      if (content === null) {
        parts.push(Buffer.from(`D ${quotePath(path)}\n`));
      } else {
        parts.push(Buffer.from(`M 100644 inline ${quotePath(path)}\n`));
        parts.push(...data(content));
      }
    }
    parts.push(Buffer.from('\n'));
  });
  parts.push(Buffer.from('done\n'));
  return Buffer.concat(parts);
}

/** Reads an exported marks file (":1 <sha>" per line) into shas ordered by mark. */
export function parseMarks(marks: string, count: number): string[] {
  const byMark = new Map<number, string>();
  for (const line of marks.split('\n')) {
    const match = /^:(\d+) ([0-9a-f]{40})$/.exec(line.trim());
    if (match) byMark.set(Number(match[1]), match[2] ?? '');
  }
  const shas: string[] = [];
  for (let mark = 1; mark <= count; mark += 1) {
    const sha = byMark.get(mark);
    if (!sha) throw new Error(`fast-import did not report mark :${mark}`);
    shas.push(sha);
  }
  return shas;
}
