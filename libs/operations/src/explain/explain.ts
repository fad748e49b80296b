import type { Config } from '@auto-promote/config';
import { environmentOrder, eventId, type HookHealth, type PromotionMap } from '@auto-promote/domain';
import type { GitLabClient } from '@auto-promote/gitlab';
import type {
  ActiveFreezes,
  BlockStore,
  EventStore,
  HookHealthStore,
  JenkinsGateView,
  LatestPointers,
  PromotionRecord,
  PromotionStore,
} from '@auto-promote/records';
import type { PreviewPush } from '../dry-run-plan';
import type { ChangeCause, Explanation, Hold, IfPushedNow } from './explanation';
import { promotionHolds, verdictFor } from './promotion-holds';

/** What `explain` reads: records, the gates as they are now, and GitLab for "what if it were pushed now". */
export interface ExplainSources {
  config: Pick<Config, 'gitlab' | 'promotion' | 'jenkins'>;
  promotions: Pick<PromotionStore, 'list' | 'history' | 'get'>;
  events: Pick<EventStore, 'get'>;
  latest: Pick<LatestPointers, 'get'>;
  /** Operator freezes and GitLab's Deploy Freeze calendar together. */
  freezes: Pick<ActiveFreezes, 'of'>;
  blocks: Pick<BlockStore, 'blocking'>;
  hookHealth: Pick<HookHealthStore, 'get'>;
  gate: Pick<JenkinsGateView, 'state'>;
  gitlab: GitLabClient;
  previewPush: PreviewPush;
}

export interface ExplainInput {
  app: string;
  /** The target branch; null = the target of the app's newest promotion. */
  target: string | null;
}

const sourceOf = (map: PromotionMap, target: string): string | null =>
  [...map.entries()].find(([, to]) => to === target)?.[0] ?? null;

/** The app's newest promotion (into `target`, when given). */
async function newestPromotion(
  sources: ExplainSources,
  input: ExplainInput,
): Promise<PromotionRecord | null> {
  const page = await sources.promotions.list({
    app: input.app,
    ...(input.target ? { target: input.target } : {}),
    limit: 1,
  });
  return page.items[0] ?? null;
}

async function changeCause(sources: ExplainSources, id: string): Promise<ChangeCause | null> {
  const event = await sources.events.get(id);
  if (!event) return null;
  const { eventId: eid, source, branch, before, after, receivedAt, status, reason } = event;
  return { eventId: eid, source, branch, before, after, receivedAt, status, reason };
}

/** What would hold a promotion of the app into `target` planned now (its version: `imageTag`, `sha`). */
async function holdsNow(
  sources: ExplainSources,
  candidate: { app: string; target: string; imageTag: string | null; sha: string | null },
  nowMs: number,
): Promise<Hold[]> {
  const { app, target } = candidate;
  const holds: Hold[] = [];
  const [freezes, block, gate, hook] = await Promise.all([
    sources.freezes.of(target, nowMs),
    sources.blocks.blocking({ app, targetEnv: target, imageTag: candidate.imageTag, sha: candidate.sha }),
    sources.gate.state(nowMs),
    sources.hookHealth.get(),
  ]);
  if (hook && hook.status !== 'executable' && hook.status !== 'unknown')
    holds.push({
      kind: 'webhook',
      active: true,
      text: `GitLab would not deliver the push (its hook is ${hook.status.replace('_', ' ')}${hook.disabledUntil ? ` until ${hook.disabledUntil}` : ''}); the reconciler plans it within RECONCILE_INTERVAL`,
      since: hook.checkedAt,
      until: hook.disabledUntil,
    });
  if (block)
    holds.push({
      kind: 'block',
      active: true,
      text: `${app} ${block.match.kind === 'tag' ? block.match.tag : block.match.sha.slice(0, 8)} is blocked by ${block.by}: ${block.reason}`,
      since: block.createdAt,
      until: null,
    });
  for (const freeze of [freezes.operator, freezes.calendar])
    if (freeze)
      holds.push({
        kind: 'freeze',
        active: true,
        text:
          freeze.kind === 'gitlab-calendar'
            ? freeze.reason
            : `${target} is frozen${freeze.by ? ` by ${freeze.by}` : ''}: ${freeze.reason}`,
        since: freeze.since,
        until: freeze.until,
      });
  if (freezes.calendarView?.stale)
    holds.push({
      kind: 'freeze',
      active: false,
      text: `GitLab's freeze calendar could not be read since ${freezes.calendarView.stale.since} (${freezes.calendarView.stale.error}): the last known calendar is used`,
      since: freezes.calendarView.stale.since,
      until: null,
    });
  if (gate.open)
    holds.push({
      kind: 'circuit-open',
      active: true,
      text: `the Jenkins circuit is open after ${gate.failures} consecutive failed calls`,
      since: null,
      until: null,
    });
  return holds;
}

/** What a push of the source branch's head would do now for the app (read only: nothing is planned). */
async function ifPushedNow(
  sources: ExplainSources,
  app: string,
  target: string,
  nowMs: number,
): Promise<IfPushedNow> {
  const branch = sourceOf(sources.config.promotion.map, target);
  const base = { sourceBranch: branch ?? '', head: null, imageTag: null, holds: [] };
  if (branch === null)
    return { ...base, outcome: 'unknown', text: `no branch promotes into ${target} (PROMOTION_MAP)` };
  const project = await sources.gitlab.project(sources.config.gitlab.project);
  const head = await sources.gitlab.branchHead(project.id, branch);
  if (head === null)
    return { ...base, outcome: 'unknown', text: `branch ${branch} does not exist in GitLab` };
  const pointer = await sources.latest.get(target, app);
  if (pointer?.sha === head)
    return {
      ...base,
      head,
      outcome: 'nothing',
      text: `the head of ${branch} is what was last planned for ${target} (${pointer.id}): nothing to promote`,
    };
  const before = pointer?.sha ?? head;
  const push = {
    eventId: eventId({ projectId: project.id, ref: `refs/heads/${branch}`, before, after: head }),
    projectId: project.id,
    branch,
    before,
    after: head,
    // Without a promotion to compare with, the app is named as a manual promotion would.
    ...(pointer ? {} : { onlyApps: [app] }),
  };
  const preview = await sources.previewPush(push, sources);
  if (preview.kind === 'skip') return { ...base, head, outcome: 'skip', text: preview.reason };
  const entry = preview.promotions.find((p) => p.app === app);
  if (!entry)
    return {
      ...base,
      head,
      outcome: 'nothing',
      text: `${app} did not change on ${branch} since the last promotion to ${target}: nothing to promote`,
    };
  if (entry.outcome === 'skip')
    return { ...base, head, imageTag: entry.imageTag, outcome: 'skip', text: entry.reason };
  if (entry.outcome === 'recorded')
    return {
      ...base,
      head,
      imageTag: entry.record.imageTag,
      outcome: 'nothing',
      text: `already recorded (${entry.record.status})`,
    };
  const holds = (await holdsNow(sources, { app, target, imageTag: entry.imageTag, sha: head }, nowMs)).filter(
    (h) => h.active,
  );
  const held = holds.length > 0 ? `, then wait: ${holds.map((h) => h.text).join('; ')}` : '';
  return {
    ...base,
    head,
    imageTag: entry.imageTag,
    outcome: 'promote',
    text: `would be planned with IMAGE_TAG ${entry.imageTag ?? '(none)'}${held}`,
    holds,
  };
}

/** A push the reconciler planned: its webhook never came (and why, when the hook is not executable). */
function missedWebhook(change: ChangeCause | null, hook: HookHealth | null): Hold[] {
  if (change?.source !== 'reconcile') return [];
  const why =
    hook && hook.status !== 'executable' && hook.status !== 'unknown'
      ? `; auto-promote's GitLab hook is ${hook.status.replace('_', ' ')}`
      : '';
  return [
    {
      kind: 'webhook',
      active: false,
      text: `GitLab's webhook for this push never came: the reconciler planned it${why}`,
      since: change.receivedAt,
      until: null,
    },
  ];
}

/**
 * "Why didn't it promote?": the causal chain of an app's newest change — the push and commit that changed
 * it, the promotion with every transition and its reason, what held it (freezes, blocks, the Jenkins
 * circuit, the trigger rate, the retry horizon), the Jenkins queue item and build — and what a push of the
 * source branch's head would do now. Reads only. Null when the app has no promotion and no target was named.
 */
export async function explainChange(
  sources: ExplainSources,
  input: ExplainInput,
  now: Date,
): Promise<Explanation | null> {
  const record = await newestPromotion(sources, input);
  const target = input.target ?? record?.targetEnv ?? null;
  if (target === null) return null;
  const nowMs = now.getTime();
  const [pushed, webhook] = await Promise.all([
    ifPushedNow(sources, input.app, target, nowMs),
    sources.hookHealth.get(),
  ]);
  if (!record)
    return {
      app: input.app,
      target,
      verdict: `${input.app} → ${target}: no promotion recorded (within the retention); ${pushed.text}`,
      change: null,
      promotion: null,
      history: [],
      holds: [],
      jenkins: null,
      mergeRequest: null,
      webhook,
      ifPushedNow: pushed,
    };
  const history = await sources.promotions.history(record.id);
  const gate =
    record.status === 'planned'
      ? {
          gate: await sources.gate.state(nowMs),
          maxTriggersPerSecond: sources.config.jenkins.maxTriggersPerSecond,
        }
      : null;
  const change = await changeCause(sources, record.eventId);
  const holds = [...missedWebhook(change, webhook), ...promotionHolds(record, history, gate)];
  return {
    app: input.app,
    target,
    verdict: verdictFor(record, holds),
    change,
    promotion: record,
    history,
    holds,
    jenkins: record.jenkins.queueId === null && record.jenkins.buildNumber === null ? null : record.jenkins,
    mergeRequest: record.mergeRequest ?? null,
    webhook,
    ifPushedNow: pushed,
  };
}

/** The targets an app may be explained for, in promotion order (for usage errors). */
export const explainTargets = (map: PromotionMap): string[] =>
  environmentOrder(map).filter((b) => sourceOf(map, b));
