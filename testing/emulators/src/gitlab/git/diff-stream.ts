import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { keepAlive, spawnGit } from './child-pipe';

interface Pending {
  head: string;
  base: string;
  resolve: (output: string) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * One long-running `git diff-tree --stdin --always <options>` per repository and output format: diffs
 * between two commits without starting git processes per request.
 *
 * Each request is the line `<head> <base>` (head diffed against base as its parent), followed by the
 * sentinel `<base> <base>` and an empty line (which flushes git's output). With --always every line
 * prints its first commit as a header, so an answer reads `<head><sep>` + diff + `<base><sep>\n` — the
 * empty sentinel diff — and the sentinel's header can only appear there (`sep` is NUL with -z, else a
 * newline). The head and base must be different commits.
 */
export class GitDiffStream {
  private child: ChildProcessWithoutNullStreams | null = null;
  private readonly pending: Pending[] = [];
  private buffer = '';

  constructor(
    private readonly gitDir: string,
    private readonly options: readonly string[],
    private readonly separator: '\0' | '\n',
    private readonly timeoutMs = 10_000,
  ) {}

  /** The diff output between the header and the sentinel ('' when the commits have the same tree). */
  diff(head: string, base: string): Promise<string> {
    if (head === base || !/^[0-9a-f]{40}$/.test(head) || !/^[0-9a-f]{40}$/.test(base)) {
      return Promise.reject(new Error('diff stream needs two different full commit shas'));
    }
    const child = this.process();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.fail(child, new Error('git diff-tree did not answer')),
        this.timeoutMs,
      );
      this.pending.push({ head, base, resolve, reject, timer });
      keepAlive(child, true);
      child.stdin.write(`${head} ${base}\n${base} ${base}\n\n`);
    });
  }

  close(): void {
    const child = this.child;
    if (!child) return;
    this.fail(child, new Error('diff stream closed'));
    child.stdin.end();
    child.kill();
  }

  private process(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawnGit(this.gitDir, ['diff-tree', '--stdin', '--always', ...this.options], (c, error) =>
      this.fail(c, error),
    );
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.receive(chunk));
    this.child = child;
    return child;
  }

  private fail(child: ChildProcessWithoutNullStreams, error: Error): void {
    if (this.child !== child) return;
    this.child = null;
    this.buffer = '';
    for (const request of this.pending.splice(0)) {
      clearTimeout(request.timer);
      request.reject(error);
    }
    child.kill();
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    for (;;) {
      const request = this.pending[0];
      if (!request) break;
      const header = `${request.head}${this.separator}`;
      if (this.buffer.length < header.length) break;
      if (!this.buffer.startsWith(header)) {
        if (this.child) this.fail(this.child, new Error('git diff-tree answered out of step'));
        return;
      }
      const end = this.buffer.indexOf(`${request.base}${this.separator}\n`, header.length);
      if (end === -1) break;
      let output = this.buffer.slice(header.length, end);
      if (output.startsWith('\n')) output = output.slice(1); // an empty diff prints its header alone
      this.buffer = this.buffer.slice(end + request.base.length + 2);
      this.pending.shift();
      clearTimeout(request.timer);
      request.resolve(output);
    }
    if (this.pending.length === 0 && this.child) keepAlive(this.child, false);
  }
}
