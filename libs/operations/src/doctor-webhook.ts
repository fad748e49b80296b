import {
  branchesFilteredOut,
  portableBranchFilter,
  regexBranchFilter,
  sourcesAmong,
} from '@auto-promote/domain';
import type { ProjectHook } from '@auto-promote/gitlab';
import { DeliveryBeacon, type DeliverySighting } from '@auto-promote/records';
import { message, type DoctorCheck, type DoctorDeps, type DoctorOptions } from './doctor-check';
import { isIngressHookUrl, normalizeHookUrl } from './normalize-hook-url';
import { desiredHook, hookChanges } from './webhook-settings';

const check = (
  status: DoctorCheck['status'],
  detail: string,
  fix?: string,
  name = 'webhook',
): DoctorCheck => ({
  group: 'GitLab',
  name,
  status,
  detail,
  ...(fix === undefined ? {} : { fix }),
});

/** The fields of the branch filter: a hook differing only there may still deliver every source branch. */
const FILTER_FIELDS = ['push_events_branch_filter', 'branch_filter_strategy'];

/**
 * The project hook auto-promote needs: pointing at the ingress, push events only, and a branch filter that
 * lets every branch of the map through — the exact regex or the portable filter `setup webhook` falls back to.
 * A filter that keeps out a source fails; one that keeps out only targets (the sources-only filter of earlier
 * versions) warns: those merges are then recorded by the reconciler alone.
 */
export async function hookCheck(
  deps: DoctorDeps,
  projectId: number,
  options: DoctorOptions,
): Promise<{ check: DoctorCheck; hook: ProjectHook | null }> {
  const setup = `auto-promote setup webhook --url ${options.url ?? 'https://<ingress>/webhooks/gitlab'}`;
  let hooks: ProjectHook[];
  try {
    hooks = await deps.gitlab.listHooks(projectId);
  } catch (error) {
    return {
      check: check('fail', message(error), 'listing hooks needs the Maintainer role for the token'),
      hook: null,
    };
  }
  const wanted = options.url === undefined ? null : normalizeHookUrl(options.url);
  const candidates = hooks.filter((h) =>
    wanted === null ? isIngressHookUrl(h.url) : normalizeHookUrl(h.url) === wanted,
  );
  if (candidates.length === 0)
    return {
      check: check('fail', `no hook points at ${options.url ?? '…/webhooks/gitlab'}`, setup),
      hook: null,
    };
  const map = deps.config.promotion.map;
  const results = candidates.map((hook) => {
    const tls = { insecureSkipTlsVerify: !hook.enableSslVerification };
    const differences = [regexBranchFilter(map), portableBranchFilter(map)].map((filter) =>
      hookChanges(hook, desiredHook(deps.config, hook.url, tls, filter)),
    );
    return {
      hook,
      changes: differences.find((c) => c.length === 0) ?? differences[0]!,
      missed: branchesFilteredOut(map, hook),
    };
  });
  const good = results.find((r) => r.changes.length === 0 && r.missed.length === 0);
  if (good) {
    const filter = good.hook.pushEventsBranchFilter || 'every branch';
    return {
      check: check('ok', `hook #${good.hook.id} → ${good.hook.url} (push events on ${filter})`),
      hook: good.hook,
    };
  }
  const first = results[0]!;
  const fix = setup.replace(/--url \S+/, `--url ${first.hook.url}`);
  if (sourcesAmong(map, first.missed).length > 0) {
    const strategy = first.hook.branchFilterStrategy ?? 'not reported, so wildcard';
    const detail = `hook #${first.hook.id} never fires for ${first.missed.join(', ')}: GitLab reads its filter '${first.hook.pushEventsBranchFilter}' as ${strategy}`;
    return { check: check('fail', detail, fix), hook: first.hook };
  }
  if (first.missed.length > 0 && first.changes.every((c) => FILTER_FIELDS.includes(c.field))) {
    const targets = first.missed.join(', ');
    const detail = `hook #${first.hook.id} never fires for ${targets} (filter '${first.hook.pushEventsBranchFilter}'): merges into ${targets} are recorded only by the reconciler`;
    return { check: check('warn', detail, fix), hook: first.hook };
  }
  const changes = first.changes.map((c) => `${c.field} ${c.from} (want ${c.to})`).join(', ');
  return { check: check('fail', `hook #${first.hook.id} differs: ${changes}`, fix), hook: first.hook };
}

const changed = (before: DeliverySighting | null, after: DeliverySighting | null): boolean =>
  after !== null && (before === null || after.at !== before.at || after.uuid !== before.uuid);

/**
 * End to end: asks GitLab to send the hook a test push (GitLab 17.1+) and watches Redis for the ingress's
 * record of it — authenticated, or refused for its secret token. The only check that proves webhooks arrive.
 */
export async function deliveryCheck(
  deps: DoctorDeps,
  projectId: number,
  hook: ProjectHook,
  options: DoctorOptions,
): Promise<DoctorCheck> {
  const name = 'webhook delivery';
  const timeoutMs = options.deliveryTimeoutMs ?? 10_000;
  let redis;
  try {
    redis = await deps.connectRedis();
  } catch (error) {
    return check('fail', `cannot watch for the test push: ${message(error)}`, 'fix REDIS_URL', name);
  }
  const beacon = new DeliveryBeacon(redis, deps.config.redis.prefix);
  const seen = async () => ({
    ok: await beacon.last('authenticated'),
    refused: await beacon.last('refused'),
  });
  const before = await seen();
  let sent;
  try {
    sent = await deps.gitlab.testHook(projectId, hook.id, 'push_events');
  } catch (error) {
    return check(
      'warn',
      `GitLab could not send a test push: ${message(error)}`,
      'run doctor again in a minute (GitLab allows 5 tests a minute)',
      name,
    );
  }
  if (sent.outcome === 'unsupported')
    return check(
      'warn',
      'this GitLab has no test-hook API (before 17.1): delivery not proven',
      'Settings → Webhooks → Test → Push events, then watch auto_promote_webhooks_total',
      name,
    );
  const deadline = Date.now() + (sent.outcome === 'sent' ? timeoutMs : Math.min(timeoutMs, 2_000));
  for (;;) {
    const now = await seen();
    if (changed(before.refused, now.refused))
      return check(
        'fail',
        `GitLab's test push reached the ingress, which refused its secret token`,
        `auto-promote setup webhook --url ${hook.url} --rotate-token`,
        name,
      );
    if (changed(before.ok, now.ok))
      return check(
        'ok',
        `GitLab's test push reached the ingress and was authenticated${now.ok!.uuid ? ` (event ${now.ok!.uuid})` : ''}`,
        undefined,
        name,
      );
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const why =
    sent.outcome === 'failed'
      ? `GitLab could not deliver it (${sent.message})`
      : `GitLab sent it, but no ingress on this Redis and QUEUE_PREFIX received it within ${timeoutMs / 1000} s`;
  return check(
    'fail',
    `test push to ${hook.url}: ${why}`,
    'make the hook URL reach the ingress from GitLab, and give the ingress the same REDIS_URL and QUEUE_PREFIX',
    name,
  );
}
