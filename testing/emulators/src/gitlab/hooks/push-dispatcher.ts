import { randomUUID } from 'node:crypto';
import type { GitLabUser, RefUpdate } from '../model/types';
import type { EmulatedProject } from '../project';
import type { HookDeliverer } from './hook-delivery';
import { collectPushCommits } from './push-commits';
import { buildPushPayload, type PushHookPayload } from './push-payload';

/** Turns a branch movement into Push Hook deliveries for the project's matching hooks. */
export class PushDispatcher {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly deliverer: HookDeliverer,
    private readonly user: GitLabUser,
    private readonly now: () => number,
  ) {}

  async payload(project: EmulatedProject, update: RefUpdate): Promise<PushHookPayload> {
    const defaultBranch = { name: project.defaultBranch, head: project.branchHead(project.defaultBranch) };
    const { commits, total } = await collectPushCommits(project.repo, update, defaultBranch);
    return buildPushPayload({
      update,
      project: project.descriptor,
      user: this.user,
      refProtected: project.isProtected(update.branch),
      commits,
      totalCommitsCount: total,
    });
  }

  /** With `wait`, resolves after every delivery was attempted; otherwise runs in the background. */
  dispatch(project: EmulatedProject, update: RefUpdate, wait: boolean): Promise<void> {
    const run = this.run(project, update);
    if (wait) return run;
    const background = run.catch((error: unknown) =>
      console.error('[gitlab-emulator] push hook failed', error),
    );
    this.pending.add(background);
    void background.finally(() => this.pending.delete(background));
    return Promise.resolve();
  }

  /** Waits until no dispatch or delivery is in flight. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    await this.deliverer.idle();
  }

  private async run(project: EmulatedProject, update: RefUpdate): Promise<void> {
    const targets = project.hooks.pushTargets(update.branch, this.now());
    const eventUuid = randomUUID();
    for (const { hook, reason } of targets.skipped)
      this.deliverer.skip({ hookId: hook.id, eventUuid, reason });
    if (targets.deliver.length === 0) return;
    const payload = await this.payload(project, update);
    await Promise.all(targets.deliver.map((hook) => this.deliverer.deliver({ hook, payload, eventUuid })));
  }
}
