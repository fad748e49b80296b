import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Readable } from 'node:stream';
import { gitEnvironment } from './git-exec';

/**
 * A child's stdio pipe is a socket: it can stop keeping the event loop alive while the long-running git
 * process behind it is idle, and keep it alive again while an answer is awaited.
 */
function refPipe(stream: Readable, on: boolean): void {
  const pipe = stream as Readable & { ref?: () => void; unref?: () => void };
  if (on) pipe.ref?.();
  else pipe.unref?.();
}

/** Whether a long-running git process (and its stdout) keeps the event loop alive: only while awaited. */
export function keepAlive(child: ChildProcessWithoutNullStreams, on: boolean): void {
  if (on) child.ref();
  else child.unref();
  refPipe(child.stdout, on);
}

/**
 * Starts a long-running `git --git-dir=<gitDir> <args…>` that answers requests written to its stdin. A
 * spawn error or an exit is reported to `fail`; it starts idle (see keepAlive). The caller reads stdout.
 */
export function spawnGit(
  gitDir: string,
  args: readonly string[],
  fail: (child: ChildProcessWithoutNullStreams, error: Error) => void,
): ChildProcessWithoutNullStreams {
  const child = spawn('git', [`--git-dir=${gitDir}`, ...args], { env: gitEnvironment(), stdio: 'pipe' });
  child.stdin.on('error', () => undefined); // the exit below tells the story
  child.on('error', (error) => fail(child, error));
  child.on('exit', (code) => fail(child, new Error(`git ${args.join(' ')} exited with ${code}`)));
  keepAlive(child, false);
  return child;
}
