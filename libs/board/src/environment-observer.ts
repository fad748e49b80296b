import type { Config } from '@auto-promote/config';
import { changedApps, environmentOrder, isSafeAppName, normalizeAppsDir } from '@auto-promote/domain';
import type { ChangedPath, GitLabClient } from '@auto-promote/gitlab';
import type { Logger } from '@auto-promote/observability';
import type { EnvironmentAppState, EnvironmentStateStore } from './environment-state-store';

/** The image tag an app runs at a commit, or that the app is gone there. */
export type ImageTagAt = { kind: 'found'; tag: string } | { kind: 'none' } | { kind: 'app-removed' };

/**
 * Reads an app's image tag at a commit, looking at the given changes first: the planner's `readImageTag`,
 * handed in by the composition so the board and the planner read tags the same way without depending
 * on each other.
 */
export type ImageTagReader = (
  gitlab: GitLabClient,
  project: number,
  appsDir: string,
  app: string,
  ref: string,
  changes: readonly ChangedPath[],
) => Promise<ImageTagAt>;

export interface EnvironmentObserverDeps {
  config: Pick<Config, 'gitlab' | 'promotion'>;
  gitlab: GitLabClient;
  readImageTag: ImageTagReader;
  store: EnvironmentStateStore;
  logger: Logger;
  clock?: () => Date;
}

export type ObservationOutcome = 'first-look' | 'moved' | 'unchanged' | 'missing-branch';

/**
 * Reads what every environment branch runs: for each branch in promotion order, the head from GitLab; when
 * it moved since the last observation, the apps changed in between (a straight compare) and their image tags
 * at the head. The first look (or a compare GitLab cannot answer fully) reads every app under APPS_DIR.
 */
export async function observeEnvironments(
  deps: EnvironmentObserverDeps,
): Promise<Record<string, ObservationOutcome>> {
  const { gitlab, store } = deps;
  const clock = deps.clock ?? (() => new Date());
  const appsDir = normalizeAppsDir(deps.config.promotion.appsDir);
  const project = await gitlab.project(deps.config.gitlab.project);
  const outcomes: Record<string, ObservationOutcome> = {};

  const readApps = async (apps: readonly string[], head: string, changes: readonly ChangedPath[]) => {
    const set: Record<string, EnvironmentAppState> = {};
    const removed: string[] = [];
    const seenAt = clock().toISOString();
    for (const app of apps) {
      const tag = await deps.readImageTag(gitlab, project.id, appsDir, app, head, changes);
      if (tag.kind === 'app-removed') removed.push(app);
      else set[app] = { imageTag: tag.kind === 'found' ? tag.tag : null, sha: head, seenAt };
    }
    return { set, removed };
  };

  for (const branch of environmentOrder(deps.config.promotion.map)) {
    const head = await gitlab.branchHead(project.id, branch);
    if (head === null) {
      outcomes[branch] = 'missing-branch';
      continue;
    }
    const last = await store.observedHead(branch);
    if (last === head) {
      outcomes[branch] = 'unchanged';
      continue;
    }
    let compared: { apps: string[]; changes: ChangedPath[] } | null = null;
    if (last !== null) {
      try {
        const result = await gitlab.compare(project.id, last, head, true);
        if (!result.truncated) {
          compared = { apps: changedApps(result.changes, appsDir).apps, changes: result.changes };
        }
      } catch (error) {
        // e.g. the last head is gone after a force push: read everything instead
        deps.logger.debug({ branch, error: (error as Error).message }, 'compare failed; reading every app');
      }
    }
    if (compared) {
      const { set, removed } = await readApps(compared.apps, head, compared.changes);
      await store.record(branch, head, { set, removed });
      outcomes[branch] = 'moved';
    } else {
      const tree = (await gitlab.tree(project.id, appsDir, head, false)) ?? [];
      const apps = tree.filter((e) => e.type === 'tree' && isSafeAppName(e.name)).map((e) => e.name);
      const { set } = await readApps(apps, head, []);
      await store.record(branch, head, { set, replace: true });
      outcomes[branch] = last === null ? 'first-look' : 'moved';
    }
  }
  return outcomes;
}

/** Requests observations; `idle()` resolves once none runs (for shutdown). */
export interface ObserverHandle {
  request: () => Promise<void>;
  idle: () => Promise<void>;
}

/**
 * Runs `observeEnvironments` one at a time: a request while one runs schedules exactly one more run after
 * it, so bursts of pushes cost at most two observations. Failures are logged, never thrown.
 */
export function singleFlightObserver(deps: EnvironmentObserverDeps): ObserverHandle {
  let running: Promise<void> | null = null;
  let again = false;
  const runOnce = async (): Promise<void> => {
    try {
      await observeEnvironments(deps);
    } catch (error) {
      deps.logger.warn({ error: (error as Error).message }, 'environment observation failed');
    }
  };
  const loop = async (): Promise<void> => {
    do {
      again = false;
      await runOnce();
    } while (again);
    running = null;
  };
  return {
    request: () => {
      if (running) {
        again = true;
        return running;
      }
      running = loop();
      return running;
    },
    idle: () => running ?? Promise.resolve(),
  };
}
