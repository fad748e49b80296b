import { ActiveFreezes, GitLabFreezeCalendar } from '@auto-promote/records';
import type { Infrastructure } from './infrastructure';

/**
 * What holds each target now: operators' freezes and, for the GITLAB_DEPLOY_FREEZE targets, GitLab's Deploy
 * Freeze calendar (cached in Redis, read from GitLab at most once a minute across all processes).
 */
export function createActiveFreezes(
  infra: Pick<Infrastructure, 'config' | 'freezes' | 'redis' | 'prefix' | 'gitlab' | 'logger'>,
  clock: (() => Date) | undefined,
): ActiveFreezes {
  const targets = infra.config.gitlab.deployFreezeTargets;
  const ms = clock ? () => clock().getTime() : undefined;
  return new ActiveFreezes({
    freezes: infra.freezes,
    calendar:
      targets.length === 0
        ? null
        : new GitLabFreezeCalendar(infra.redis, infra.prefix, {
            gitlab: infra.gitlab(),
            project: infra.config.gitlab.project,
            logger: infra.logger.child({ component: 'freeze-calendar' }),
            clock: ms,
          }),
    calendarTargets: targets,
    clock: ms,
  });
}
