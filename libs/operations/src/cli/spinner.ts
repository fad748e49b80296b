import { isInteractive, type CliIo } from './cli-io';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Spinner {
  /** Removes the spinner line. */
  stop(): void;
}

/** A spinner while `text` happens — only on a terminal; elsewhere nothing is written. */
export function startSpinner(io: CliIo, text: string): Spinner {
  if (!isInteractive(io)) return { stop: () => undefined };
  let frame = 0;
  const draw = () => io.stdout.write(`\r${FRAMES[frame++ % FRAMES.length]} ${text}`);
  draw();
  const timer = setInterval(draw, 80);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      io.stdout.write('\r\u001b[K');
    },
  };
}

/** Runs `work` under a spinner; none when `show` is false (e.g. with --json, whose stdout is data). */
export async function withSpinner<T>(
  io: CliIo,
  text: string,
  work: () => Promise<T>,
  show = true,
): Promise<T> {
  const spinner = show ? startSpinner(io, text) : { stop: () => undefined };
  try {
    return await work();
  } finally {
    spinner.stop();
  }
}
