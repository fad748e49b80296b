import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { keepAlive, spawnGit } from './child-pipe';

/** An object as `git cat-file --batch` prints it. */
export interface GitObject {
  id: string;
  type: 'blob' | 'tree' | 'commit' | 'tag';
  content: Buffer;
}

interface Pending {
  resolve: (object: GitObject | null) => void;
  reject: (error: Error) => void;
}

/**
 * One long-running `git cat-file --batch` per repository: reads objects by name (`<sha>`,
 * `<commit>:<path>`, `<rev>^{commit}`) without starting a git process per read. Requests are written
 * in order and answered in order. Objects written later (fast-import packs, loose objects) are found:
 * git rescans the object store when a name is missing. Only immutable names should be asked for
 * (shas and paths inside them); refs are resolved by the project, not here.
 */
export class GitObjectReader {
  private child: ChildProcessWithoutNullStreams | null = null;
  private readonly pending: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly gitDir: string) {}

  /** The object, or null when the name resolves to nothing. */
  read(name: string): Promise<GitObject | null> {
    if (name.includes('\n')) return Promise.resolve(null);
    const child = this.process();
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      keepAlive(child, true);
      child.stdin.write(`${name}\n`);
    });
  }

  /** Stops the git process; later reads start a new one. */
  close(): void {
    this.child?.stdin.end();
    this.child?.kill();
    this.child = null;
  }

  private process(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawnGit(this.gitDir, ['cat-file', '--batch'], (c, error) => this.fail(c, error));
    child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child = child;
    return child;
  }

  private fail(child: ChildProcessWithoutNullStreams, error: Error): void {
    if (this.child !== child) return;
    this.child = null;
    this.buffer = Buffer.alloc(0);
    for (const request of this.pending.splice(0)) request.reject(error);
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const request = this.pending[0];
      const eol = this.buffer.indexOf(0x0a);
      if (!request || eol === -1) break;
      const header = this.buffer.subarray(0, eol).toString('utf8');
      const [id = '', type = '', size = ''] = header.split(' ');
      if (size === '' || !/^\d+$/.test(size)) {
        // "<name> missing" or "<name> ambiguous"
        this.buffer = this.buffer.subarray(eol + 1);
        this.pending.shift();
        request.resolve(null);
        continue;
      }
      const end = eol + 1 + Number(size);
      if (this.buffer.length < end + 1) break; // the body and its newline are not all here yet
      const content = Buffer.from(this.buffer.subarray(eol + 1, end));
      this.buffer = this.buffer.subarray(end + 1);
      this.pending.shift();
      request.resolve({ id, type: type as GitObject['type'], content });
    }
    if (this.pending.length === 0 && this.child) keepAlive(this.child, false); // idle: not keeping the process alive
  }
}

/** Entries of a raw tree object: `<octal mode> <name>\0<20-byte id>` each. */
export function parseTreeObject(content: Buffer): Array<{ mode: string; name: string; id: string }> {
  const entries: Array<{ mode: string; name: string; id: string }> = [];
  let pos = 0;
  while (pos < content.length) {
    const space = content.indexOf(0x20, pos);
    const nul = content.indexOf(0x00, space);
    if (space === -1 || nul === -1) break;
    entries.push({
      mode: content.subarray(pos, space).toString('latin1').padStart(6, '0'),
      name: content.subarray(space + 1, nul).toString('utf8'),
      id: content.subarray(nul + 1, nul + 21).toString('hex'),
    });
    pos = nul + 21;
  }
  return entries;
}
