import { performance } from 'node:perf_hooks';
import type { JenkinsEmulator } from '@auto-promote/emulators';

/**
 * Watches the Jenkins emulator accept builds: when each app was first triggered (performance.now(),
 * the bench process's clock, which also times the pushes), and how many triggers came in.
 */
export class TriggerWatch {
  /** APP_NAME → time of its first accepted trigger. */
  readonly firstAt = new Map<string, number>();
  /** Every accepted trigger's time, in arrival order. */
  readonly times: number[] = [];
  /** Accepted build requests Jenkins merged into an existing queue item (a repeated trigger). */
  merged = 0;
  private readonly waiters = new Map<string, (at: number) => void>();

  constructor(jenkins: JenkinsEmulator) {
    jenkins.onTriggerAccepted = ({ params, created }) => {
      const at = performance.now();
      if (!created) this.merged += 1;
      this.times.push(at);
      const app = params['APP_NAME'] ?? '';
      if (this.firstAt.has(app)) return;
      this.firstAt.set(app, at);
      this.waiters.get(app)?.(at);
      this.waiters.delete(app);
    };
  }

  get count(): number {
    return this.times.length;
  }

  /** Resolves with the time `app` was triggered (at once if it already was). */
  triggered(app: string, timeoutMs = 30_000): Promise<number> {
    const at = this.firstAt.get(app);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(app);
        reject(new Error(`${app} was not triggered within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(app, (time) => {
        clearTimeout(timer);
        resolve(time);
      });
    });
  }

  /** Resolves once `count` triggers were accepted in total; rejects after `timeoutMs`. */
  async reach(count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.count < count) {
      if (Date.now() > deadline) throw new Error(`${this.count} of ${count} triggers after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
