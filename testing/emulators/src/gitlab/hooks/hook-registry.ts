import { branchFilterMatches } from './branch-filter';
import {
  alertStatus,
  healthFor,
  recordFailure,
  recordSuccess,
  type AlertStatus,
  type HookHealthPolicy,
} from './hook-health';
import { createHook, updateHook, type HookAttributes, type ProjectHook } from './project-hook';

/** The webhooks of one project: CRUD plus which hooks a push on a branch should reach. */

export class HookNotFoundError extends Error {
  constructor(hookId: number) {
    super(`hook ${hookId} not found`);
    this.name = 'HookNotFoundError';
  }
}

export interface PushTargets {
  deliver: ProjectHook[];
  skipped: { hook: ProjectHook; reason: Exclude<AlertStatus, 'executable'> }[];
}

export class HookRegistry {
  private readonly hooks = new Map<number, ProjectHook>();

  constructor(
    private readonly projectId: number,
    private readonly nextId: () => number,
    private readonly policy: () => HookHealthPolicy,
  ) {}

  add(attrs: HookAttributes, now: string): ProjectHook {
    const hook = createHook(this.nextId(), this.projectId, attrs, now);
    this.hooks.set(hook.id, hook);
    return hook;
  }

  update(hookId: number, attrs: HookAttributes): ProjectHook {
    const hook = updateHook(this.get(hookId), attrs);
    this.hooks.set(hookId, hook);
    return hook;
  }

  remove(hookId: number): void {
    if (!this.hooks.delete(hookId)) throw new HookNotFoundError(hookId);
  }

  get(hookId: number): ProjectHook {
    const hook = this.hooks.get(hookId);
    if (!hook) throw new HookNotFoundError(hookId);
    return hook;
  }

  find(hookId: number): ProjectHook | undefined {
    return this.hooks.get(hookId);
  }

  list(): ProjectHook[] {
    return [...this.hooks.values()];
  }

  /** Hooks subscribed to pushes on `branch`, split into those that run and those paused by auto-disabling. */
  pushTargets(branch: string, now: number): PushTargets {
    const targets: PushTargets = { deliver: [], skipped: [] };
    for (const hook of this.hooks.values()) {
      if (!hook.events.push_events) continue;
      if (!branchFilterMatches(hook.branchFilterStrategy, hook.pushEventsBranchFilter, branch)) continue;
      const status = alertStatus(hook.health, now);
      if (status === 'executable') targets.deliver.push(hook);
      else targets.skipped.push({ hook, reason: status });
    }
    return targets;
  }

  /** Test control: puts the hook in the state GitLab's auto-disabling would have it in for `status`. */
  forceAlertStatus(hookId: number, status: AlertStatus, now: number): ProjectHook {
    const hook = this.get(hookId);
    hook.health = healthFor(status, now, this.policy());
    return hook;
  }

  recordResult(hookId: number, ok: boolean, now: number): void {
    const hook = this.hooks.get(hookId);
    if (!hook) return; // deleted while its delivery was in flight
    hook.health = ok ? recordSuccess() : recordFailure(hook.health, now, this.policy());
  }
}
