import type { RedisClient } from '@auto-promote/redis';
import { environmentOrder } from '@auto-promote/domain';
import { GitLabPermanentError, type ProjectHook } from '@auto-promote/gitlab';
import { inspectRedis } from '@auto-promote/observability';
import { redisAddressForDisplay } from './redis-ready';
import { deliveryCheck, hookCheck } from './doctor-webhook';
import {
  message,
  type DoctorCheck,
  type DoctorDeps,
  type DoctorOptions,
  type DoctorReport,
} from './doctor-check';
import { jenkinsChecks } from './doctor-jenkins';
import { hookHealthCheck } from './doctor-hook-health';
import { HookHealthStore } from '@auto-promote/records';
import { autoPromoteHooks, hookStatusOf, isHookDisabled } from '@auto-promote/domain';

export type * from './doctor-check';

/** Checks every dependency auto-promote has, each with a fix when it fails. Never throws for a failed check. */
export async function runDoctor(deps: DoctorDeps, options: DoctorOptions = {}): Promise<DoctorReport> {
  const checks = [
    ...(await redisChecks(deps)),
    ...(await gitlabChecks(deps, options)),
    ...(await jenkinsChecks(deps)),
  ];
  return { ok: checks.every((c) => c.status !== 'fail'), checks };
}

async function redisChecks(deps: DoctorDeps): Promise<DoctorCheck[]> {
  const at = redisAddressForDisplay(deps.config.redis);
  let redis: RedisClient;
  try {
    redis = await deps.connectRedis();
  } catch (error) {
    return [
      {
        group: 'Redis',
        name: 'reachable',
        status: 'fail',
        detail: message(error),
        fix: 'start Redis or fix REDIS_URL',
      },
    ];
  }
  try {
    const health = await inspectRedis(redis);
    const checks: DoctorCheck[] = [
      { group: 'Redis', name: 'reachable', status: 'ok', detail: `Redis ${health.version ?? '?'} at ${at}` },
    ];
    const policy = health.maxmemoryPolicy ?? 'unknown';
    const allowed = deps.config.redisPolicy.allowEviction;
    checks.push(
      policy === 'noeviction'
        ? { group: 'Redis', name: 'maxmemory-policy', status: 'ok', detail: 'noeviction' }
        : {
            group: 'Redis',
            name: 'maxmemory-policy',
            status: allowed ? 'warn' : 'fail',
            detail: `${policy}: under memory pressure Redis would evict queued events${allowed ? ' (REDIS_ALLOW_EVICTION=true)' : ''}`,
            fix: 'set maxmemory-policy noeviction (redis.conf, or CONFIG SET maxmemory-policy noeviction)',
          },
    );
    checks.push(
      health.appendonly === false
        ? {
            group: 'Redis',
            name: 'AOF persistence',
            status: 'warn',
            detail: 'off: events accepted just before a Redis restart can be lost',
            fix: 'set appendonly yes',
          }
        : {
            group: 'Redis',
            name: 'AOF persistence',
            status: 'ok',
            detail: health.appendonly ? 'on' : 'unknown (INFO persistence unavailable)',
          },
    );
    return checks;
  } catch (error) {
    return [
      { group: 'Redis', name: 'reachable', status: 'fail', detail: message(error), fix: 'check REDIS_URL' },
    ];
  }
}

async function gitlabChecks(deps: DoctorDeps, options: DoctorOptions): Promise<DoctorCheck[]> {
  const { config, gitlab } = deps;
  const checks: DoctorCheck[] = [];
  const fail = (name: string, detail: string, fix: string): DoctorCheck[] => [
    ...checks,
    { group: 'GitLab', name, status: 'fail', detail, fix },
  ];
  try {
    const user = await gitlab.currentUser();
    checks.push({
      group: 'GitLab',
      name: 'token',
      status: 'ok',
      detail: `authenticated as @${user.username}`,
    });
  } catch (error) {
    return error instanceof GitLabPermanentError
      ? fail('token', message(error), 'create a token with the api scope and set GITLAB_TOKEN')
      : fail('reachable', message(error), `check GITLAB_URL (${config.gitlab.url}) and the network`);
  }
  let projectId: number;
  try {
    const project = await gitlab.project(config.gitlab.project);
    projectId = project.id;
    checks.push({
      group: 'GitLab',
      name: 'project',
      status: 'ok',
      detail: `${project.pathWithNamespace} (id ${project.id})`,
    });
  } catch (error) {
    return fail(
      'project',
      message(error),
      'fix GITLAB_PROJECT (path or id) and give the token access (at least Developer)',
    );
  }
  // Without --url, the hook at GITLAB_HOOK_URL when configured (the one the reconciler watches).
  const url = options.url ?? config.gitlab.hook.url;
  const webhook = await hookCheck(deps, projectId, url === null ? options : { ...options, url });
  checks.push(webhook.check);
  const health = webhook.hook ? await healthCheck(deps, webhook.hook) : null;
  if (health) checks.push(health);
  if (webhook.hook && webhook.check.status !== 'fail' && options.testPush !== false) {
    const delivery = await deliveryCheck(deps, projectId, webhook.hook, options);
    checks.push(delivery);
    // A test push that gets through re-enables a hook GitLab disabled: say what it is now.
    if (health && delivery.status === 'ok' && isHookDisabled(hookStatusOf(webhook.hook))) {
      const again = autoPromoteHooks(await gitlab.listHooks(projectId), webhook.hook.url)[0];
      if (again) {
        const after = await healthCheck(deps, again);
        checks[checks.indexOf(health)] = {
          ...after,
          detail: `${after.detail} (re-enabled by doctor's test push)`,
        };
      }
    }
  }
  const missing: string[] = [];
  const branches = environmentOrder(config.promotion.map);
  for (const branch of branches) {
    if ((await gitlab.branchHead(projectId, branch)) === null) missing.push(branch);
  }
  checks.push(
    missing.length === 0
      ? { group: 'GitLab', name: 'branches', status: 'ok', detail: `${branches.join(', ')} exist` }
      : {
          group: 'GitLab',
          name: 'branches',
          status: 'fail',
          detail: `missing: ${missing.join(', ')}`,
          fix: 'create the branches, or fix PROMOTION_MAP',
        },
  );
  return checks;
}

/** The hook's health as GitLab reports it now, with the reconciler's last repair from Redis when readable. */
async function healthCheck(deps: DoctorDeps, hook: ProjectHook): Promise<DoctorCheck> {
  let stored = null;
  try {
    stored = await new HookHealthStore(await deps.connectRedis(), deps.config.redis.prefix).get();
  } catch {
    // Redis is checked (and reported) on its own.
  }
  return hookHealthCheck(hook, stored, deps.config.gitlab.hook.repair);
}
