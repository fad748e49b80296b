import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { waitFor } from '../../support/wait-for';

/** User + system CPU time of a process so far, in clock ticks (/proc/<pid>/stat fields 14 and 15). */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * CPU contention: a busy loop pinned to core 0 (`taskset -c 0 node -e 'for(;;){}'`), so everything else
 * — the roles, Redis, the emulators, the test itself — shares what is left of the machine. The suite starts
 * one before a scenario and kills it after, also when the scenario fails or times out; a test process that
 * exits kills it too.
 */
export class CpuHog {
  private child: ChildProcess | null = null;
  private readonly killOnExit = (): void => {
    this.child?.kill('SIGKILL');
  };

  get running(): boolean {
    return this.child !== null;
  }

  async start(): Promise<void> {
    if (this.child) throw new Error('the CPU hog is already running');
    const child = spawn('taskset', ['-c', '0', process.execPath, '-e', 'for(;;){}'], { stdio: 'ignore' });
    this.child = child;
    process.once('exit', this.killOnExit);
    try {
      await new Promise((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
    } catch (error) {
      this.child = null;
      process.off('exit', this.killOnExit);
      throw new Error(`cannot start the CPU hog (taskset -c 0 node): ${(error as Error).message}`, {
        cause: error,
      });
    }
    // taskset execs node in place: the pid is the loop's. It counts once it has burnt a tenth of a second.
    await waitFor('the CPU hog to be spinning', () => cpuTicks(child.pid!) >= 10, {
      timeoutMs: 10_000,
      intervalMs: 20,
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    process.off('exit', this.killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}
