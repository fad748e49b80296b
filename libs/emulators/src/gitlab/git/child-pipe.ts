import type { Readable } from 'node:stream';

/**
 * A child's stdio pipe is a socket: it can stop keeping the event loop alive while the long-running git
 * process behind it is idle, and keep it alive again while an answer is awaited.
 */
export function refPipe(stream: Readable, on: boolean): void {
  const pipe = stream as Readable & { ref?: () => void; unref?: () => void };
  if (on) pipe.ref?.();
  else pipe.unref?.();
}
