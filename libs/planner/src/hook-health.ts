import {
  autoPromoteHooks,
  describeHookHealth,
  hookStatusOf,
  isHookDisabled,
  type HookHealth,
  type HookRepair,
} from '@auto-promote/domain';
import type { Config } from '@auto-promote/config';
import type { GitLabClient, ProjectHook } from '@auto-promote/gitlab';
import type { Logger, Metrics } from '@auto-promote/observability';
import type { HookHealthStore } from '@auto-promote/records';

export interface HookHealthDeps {
  config: Pick<Config, 'gitlab'>;
  gitlab: GitLabClient;
  store: HookHealthStore;
  logger: Logger;
  metrics?: Pick<Metrics, 'gitlabHookRepairs'>;
  clock?: () => Date;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Reads auto-promote's project hook (matched by URL as `setup webhook` does) and records its health in
 * Redis. A hook GitLab disabled is reported once per change (a warning), and with GITLAB_HOOK_REPAIR
 * re-enabled the documented way: a successful test request (POST /projects/:id/hooks/:hook_id/test/:trigger,
 * GitLab 17.1+) makes GitLab mark an auto-disabled hook executable again. Older versions have no such API
 * (`unsupported`); there, Settings → Webhooks → Test does the same.
 */
export async function checkHookHealth(deps: HookHealthDeps): Promise<HookHealth> {
  const { config, gitlab, store, logger } = deps;
  const now = () => (deps.clock?.() ?? new Date()).toISOString();
  const project = config.gitlab.project;
  const previous = await store.get();
  const read = async (): Promise<ProjectHook | undefined> =>
    autoPromoteHooks(await gitlab.listHooks(project), config.gitlab.hook.url)[0];
  let hook = await read();
  let health = observed(hook, now(), previous);
  if (isHookDisabled(health.status) && config.gitlab.hook.repair && hook) {
    const repair = await repairHook(gitlab, project, hook.id, now());
    deps.metrics?.gitlabHookRepairs.inc({ outcome: repair.outcome });
    if (repair.outcome === 'repaired') hook = await read();
    health = {
      ...observed(hook, now(), previous),
      lastRepair: repair,
      ...(repair.outcome === 'repaired' ? { repairedAt: repair.at } : {}),
    };
    const level = repair.outcome === 'repaired' ? 'info' : 'warn';
    logger[level](
      { hookId: hook?.id ?? null, outcome: repair.outcome, message: repair.message },
      repair.outcome === 'repaired'
        ? 'GITLAB_HOOK_REPAIR: GitLab re-enabled the webhook after a successful test request'
        : 'GITLAB_HOOK_REPAIR: the webhook could not be re-enabled',
    );
  }
  if (health.status !== previous?.status) {
    const fields = { status: health.status, hookId: health.hookId, disabledUntil: health.disabledUntil };
    if (health.status === 'executable') logger.info(fields, describeHookHealth(health));
    else
      logger.warn(
        fields,
        `${describeHookHealth(health)}: pushes reach auto-promote only through the reconciler${isHookDisabled(health.status) && !config.gitlab.hook.repair ? ' (set GITLAB_HOOK_REPAIR=true, or run auto-promote doctor)' : ''}`,
      );
  }
  await store.set(health);
  return health;
}

/** The health of `hook`, keeping the last repair record of `previous`. */
function observed(hook: ProjectHook | undefined, checkedAt: string, previous: HookHealth | null): HookHealth {
  const status = hookStatusOf(hook);
  return {
    status,
    disabledUntil: status === 'temporarily_disabled' ? (hook?.disabledUntil ?? null) : null,
    hookId: hook?.id ?? null,
    url: hook?.url ?? null,
    checkedAt,
    ...(previous?.repairedAt === undefined ? {} : { repairedAt: previous.repairedAt }),
    ...(previous?.lastRepair === undefined ? {} : { lastRepair: previous.lastRepair }),
  };
}

async function repairHook(
  gitlab: GitLabClient,
  project: string,
  hookId: number,
  at: string,
): Promise<HookRepair> {
  try {
    const sent = await gitlab.testHook(project, hookId, 'push_events');
    if (sent.outcome === 'sent') return { at, outcome: 'repaired', message: null };
    if (sent.outcome === 'unsupported')
      return {
        at,
        outcome: 'unsupported',
        message: 'this GitLab has no test-hook API (before 17.1): use Settings → Webhooks → Test',
      };
    return { at, outcome: 'failed', message: sent.message };
  } catch (error) {
    return { at, outcome: 'error', message: message(error) };
  }
}
