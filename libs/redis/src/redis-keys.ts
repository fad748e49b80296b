/**
 * Every key the service writes outside BullMQ's own, in one place. All start with the configured
 * prefix, so on Redis Cluster a `{auto-promote}` prefix keeps them in one slot with the queues.
 */
export function redisKeys(prefix: string) {
  return {
    eventAccepted: (eventId: string) => `${prefix}:event-accepted:${eventId}`,
    /** A signed delivery's webhook-id, kept past the signature tolerance so a replay is refused. */
    webhookDelivery: (id: string) => `${prefix}:webhook-delivery:${id}`,
    /**
     * The last webhook delivery the ingress authenticated, and the last it refused (hash {at, event, uuid}):
     * how `doctor` proves that GitLab's test push reached the ingress with the right secret.
     */
    lastDelivery: (outcome: 'authenticated' | 'refused') => `${prefix}:ingress:last-delivery:${outcome}`,
    event: (eventId: string) => `${prefix}:event:${eventId}`,
    eventsIndex: `${prefix}:events:idx`,
    promotion: (id: string) => `${prefix}:promotion:${id}`,
    /** Every change of a promotion (list of JSON entries, oldest first, capped): what `explain` tells. */
    promotionHistory: (id: string) => `${prefix}:promotion-history:${id}`,
    promotionsIndex: `${prefix}:promotions:idx:all`,
    promotionsSequence: `${prefix}:promotions:seq`,
    promotionsByApp: (app: string) => `${prefix}:promotions:idx:app:${app}`,
    promotionsByStatus: (status: string) => `${prefix}:promotions:idx:status:${status}`,
    /** Arrival order of pushes per branch, assigned when an event is accepted. */
    pushOrder: (projectId: number, branch: string) => `${prefix}:push-order:${projectId}:${branch}`,
    /**
     * The newest promotion planned per app and target (JSON {id, sha, pushOrder, tree}): what "latest
     * wins" compares against, and the app content that a new promotion must differ from.
     */
    latestPromotion: (targetEnv: string, app: string) => `${prefix}:latest:${targetEnv}:${app}`,
    /** The newest branch head the planner has planned; the reconciler plans from here. */
    plannedHead: (branch: string) => `${prefix}:planned-head:${branch}`,
    /** Consecutive failed calls to Jenkins, shared by every dispatcher: the circuit breaker's state. */
    jenkinsFailures: `${prefix}:jenkins:failures`,
    /** While the circuit is open, the lease of the one probe that may call Jenkins. */
    jenkinsProbe: `${prefix}:jenkins:failures:probe`,
    /** Promotions waiting out a failed Jenkins call (set of ids): released when any call succeeds. */
    jenkinsParked: `${prefix}:jenkins:parked`,
    /** Times of the triggers of the last second (sorted set): JENKINS_MAX_TRIGGERS_PER_SECOND. */
    jenkinsTriggerWindow: `${prefix}:jenkins:trigger-window`,
    /** What each environment branch runs, per app (hash app → JSON {imageTag, sha, seenAt}): the board's cells. */
    environmentState: (branch: string) => `${prefix}:env:${branch}`,
    /** The branch head the environment observer last read. */
    environmentObservedHead: (branch: string) => `${prefix}:env-head:${branch}`,
    /** Pub/sub channel: a record, an environment's state or a freeze changed (message `<kind>:<id>`). */
    changesChannel: `${prefix}:changes`,
    /** An operator's freeze of a target branch: promotions into it wait. Expires with `--until`. */
    freeze: (target: string) => `${prefix}:freeze:${target}`,
    /** Targets that were frozen (a set); entries whose freeze expired are dropped on read. */
    freezesIndex: `${prefix}:freezes`,
    /**
     * What the reconciler last saw of auto-promote's GitLab hook (JSON {status, disabledUntil, hookId, url,
     * checkedAt, repairedAt?, lastRepair?}): read by `doctor`, the board and `explain`.
     */
    hookHealth: `${prefix}:gitlab:hook-health`,
    /** A quarantined version (JSON): placed by `block`, kept with who lifted it and when after `unblock`. */
    block: (id: string) => `${prefix}:block:${id}`,
    /** Every block, active or lifted (zset scored by creation time): `blocks --all`. */
    blocksIndex: `${prefix}:blocks`,
    /** Allocates block ids. */
    blocksSequence: `${prefix}:blocks:seq`,
    /**
     * An app's active blocks (hash `tag:<tag>@<target|*>` / `sha:<sha>@<target|*>` → block JSON): one HMGET
     * tells whether a promotion is blocked.
     */
    activeBlocks: (app: string) => `${prefix}:blocks:active:${app}`,
    /**
     * GitLab's Deploy Freeze calendar as last read (JSON {periods, fetchedAt, checkedAt, stale}): shared by every
     * process, so GitLab is asked at most once a minute whatever the number of replicas.
     */
    gitlabFreezeCalendar: `${prefix}:gitlab:freeze-calendar`,
    /** The lease of the one process that reads the calendar from GitLab now (expires with the refresh interval). */
    gitlabFreezeCalendarLease: `${prefix}:gitlab:freeze-calendar:lease`,
    /** What was last posted as the commit status of a push's sha and target (skips identical re-posts). */
    feedbackStatus: (targetEnv: string, sha: string) => `${prefix}:feedback:status:${targetEnv}:${sha}`,
    /** Set once the merge request note of a push's sha and target was posted. */
    feedbackNote: (targetEnv: string, sha: string) => `${prefix}:feedback:note:${targetEnv}:${sha}`,
    /**
     * Promotions whose merge request into the target is recorded open (zset id → opened at, ms): what a
     * push to the target and the reconciler refresh, and where an older open one is found to supersede.
     */
    openMergeRequests: (targetEnv: string) => `${prefix}:merge-requests:open:${targetEnv}`,
    /** The promotion whose merge request into its target was merged as this commit (the chain of a change). */
    mergeCommit: (sha: string) => `${prefix}:change:merge-commit:${sha}`,
    /** The promotion whose build opened merge request `iid` into `target` (GitLab's answer → a promotion). */
    mergeRequestPromotion: (target: string, iid: number) => `${prefix}:change:merge-request:${target}:${iid}`,
    /** Set once a promotion's merge request was seen merged: its lead time is observed exactly once. */
    mergedObserved: (id: string) => `${prefix}:change:merged:${id}`,
    /** The promotions whose `previous` is this one (a set): walks a change forward. */
    changeNext: (id: string) => `${prefix}:change:next:${id}`,
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;
