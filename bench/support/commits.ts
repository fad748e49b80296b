import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmulatedProject } from '@auto-promote/emulators';
import { manifest } from '../../test/support/stack';

/** Files of a commit: path → content. */
export type CommitFiles = Record<string, string>;

/** The manifests of `app` at `tag`, where the planner looks for them. */
export function appFiles(app: string, tag: string): CommitFiles {
  return { [`manifests/${app}/${app}.yaml`]: manifest(app, tag) };
}

function data(content: string): string {
  return `data ${Buffer.byteLength(content)}\n${content}\n`;
}

/**
 * Writes `count` commits that each sit directly on `base` (a fan, not a chain) in ONE git
 * fast-import, and returns their shas. A push `base..fan[i]` then changes exactly the files of
 * commit i, and the repository's trees stay small however many commits there are — 5,000 commits take
 * about a second, where one commit per push through the API would take minutes.
 */
export async function writeCommitFan(
  project: EmulatedProject,
  base: string,
  count: number,
  filesFor: (index: number) => CommitFiles,
): Promise<string[]> {
  const parts: string[] = [];
  for (let i = 0; i < count; i += 1) {
    parts.push(`commit refs/bench/fan\nmark :${i + 1}\n`);
    parts.push(`committer Bench <bench@example.com> ${1_790_000_000 + i} +0000\n`);
    parts.push(data(`bench commit ${i}\n`));
    parts.push(`from ${base}\n`);
    for (const [path, content] of Object.entries(filesFor(i)))
      parts.push(`M 100644 inline ${path}\n${data(content)}`);
    parts.push('\n');
  }
  parts.push('done\n');
  const marks = join(project.repo.dir, `bench-marks-${process.pid}-${Date.now()}`);
  try {
    await project.repo.git(['fast-import', '--quiet', '--force', '--done', `--export-marks=${marks}`], {
      input: parts.join(''),
    });
    const byMark = new Map<number, string>();
    for (const line of (await readFile(marks, 'utf8')).split('\n')) {
      const [mark, sha] = line.trim().split(' ');
      if (mark && sha) byMark.set(Number(mark.slice(1)), sha);
    }
    return Array.from({ length: count }, (_, i) => {
      const sha = byMark.get(i + 1);
      if (!sha) throw new Error(`fast-import did not report commit ${i + 1}`);
      return sha;
    });
  } finally {
    await rm(marks, { force: true });
  }
}

/**
 * Appends `count` commits to `branch` in one push (one fast-import, no webhook is registered) and
 * returns the branch heads before and after each: pushes `shas[i-1]..shas[i]` replay the history
 * one commit at a time, as app CI merging into dev would.
 */
export async function writeCommitChain(
  project: EmulatedProject,
  branch: string,
  count: number,
  filesFor: (index: number) => CommitFiles,
): Promise<{ before: string; shas: string[] }> {
  const before = project.branchHead(branch);
  if (!before) throw new Error(`branch ${branch} does not exist`);
  const shas = await project.push(
    branch,
    Array.from({ length: count }, (_, i) => ({ files: filesFor(i), message: `bench commit ${i}` })),
    { waitForHooks: false },
  );
  return { before, shas };
}
