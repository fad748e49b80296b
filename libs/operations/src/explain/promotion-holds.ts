import { isTerminal } from '@auto-promote/domain';
import type { JenkinsGateState, PromotionHistoryEntry, PromotionRecord } from '@auto-promote/records';
import type { Hold } from './explanation';

/** What the gates around Jenkins are now, for a promotion still planned. */
export interface GateNow {
  gate: JenkinsGateState;
  /** JENKINS_MAX_TRIGGERS_PER_SECOND; 0 = unlimited. */
  maxTriggersPerSecond: number;
}

/** The freeze holds in a history: each hold up to the release after it (re-marks of one freeze merged). */
function freezeHolds(history: readonly PromotionHistoryEntry[], frozenNow: boolean): Hold[] {
  const holds: Hold[] = [];
  let open: Hold | null = null;
  for (const entry of history) {
    if (entry.event === 'hold') {
      if (open && open.text === entry.note) continue;
      if (open) holds.push({ ...open, until: entry.at });
      open = {
        kind: 'freeze',
        active: false,
        text: entry.note ?? 'held by a freeze',
        since: entry.at,
        until: null,
      };
    } else if (open && entry.event !== 'recorded') {
      holds.push({ ...open, until: entry.at });
      open = null;
    }
  }
  if (open) holds.push({ ...open, active: frozenNow });
  return holds;
}

const BLOCKED = /^blocked/;

/** The blocks in a history: from the skip (at creation or by `block`) to the `unblock` that sent it again. */
function blockHolds(record: PromotionRecord, history: readonly PromotionHistoryEntry[]): Hold[] {
  const holds: Hold[] = [];
  let open: Hold | null = null;
  for (const entry of history) {
    const blocked =
      entry.event === 'block' ||
      (entry.event === 'recorded' && entry.to === 'skipped' && BLOCKED.test(entry.note ?? ''));
    if (blocked)
      open = { kind: 'block', active: false, text: entry.note ?? 'blocked', since: entry.at, until: null };
    else if (open && entry.event === 'unblock') {
      holds.push({ ...open, until: entry.at });
      open = null;
    }
  }
  if (open) holds.push({ ...open, active: record.status === 'skipped' });
  return holds;
}

/** Failed trigger attempts: one hold from the first failure to the trigger (or now). */
function retryHold(record: PromotionRecord, history: readonly PromotionHistoryEntry[]): Hold[] {
  const failures = history.filter((e) => e.event === 'attempt-failed');
  const first = failures[0];
  const last = failures.at(-1);
  if (!first || !last) return [];
  const after = history.find((e) => e.at >= last.at && e.event !== 'attempt-failed' && e.event !== 'intend');
  const active = record.status === 'planned' && !after;
  return [
    {
      kind: 'jenkins-retry',
      active,
      text: `${failures.length} failed Jenkins call(s); last: ${last.note ?? record.lastError ?? 'unknown'}`,
      since: first.at,
      until: active ? null : (after?.at ?? null),
    },
  ];
}

/**
 * Everything that held a promotion back or ended it, oldest first, from its record and history and —
 * while it is still planned — the gates around Jenkins as they are now. Pure: `explain` gathers the inputs.
 */
export function promotionHolds(
  record: PromotionRecord,
  history: readonly PromotionHistoryEntry[],
  now: GateNow | null,
): Hold[] {
  const holds: Hold[] = [
    ...freezeHolds(history, record.frozen !== null),
    ...blockHolds(record, history),
    ...retryHold(record, history),
  ];
  const at = (event: string) => history.findLast((e) => e.event === event)?.at ?? record.updatedAt;
  if (record.status === 'planned' && record.frozen === null && now) {
    if (now.gate.open)
      holds.push({
        kind: 'circuit-open',
        active: true,
        text: `the Jenkins circuit is open after ${now.gate.failures} consecutive failed calls; next probe in ${Math.ceil(now.gate.nextProbeInMs / 1000)} s`,
        since: null,
        until: null,
      });
    else if (now.maxTriggersPerSecond > 0 && now.gate.triggersLastSecond >= now.maxTriggersPerSecond)
      holds.push({
        kind: 'rate-limit',
        active: true,
        text: `JENKINS_MAX_TRIGGERS_PER_SECOND (${now.maxTriggersPerSecond}) is reached; it goes within a second`,
        since: null,
        until: null,
      });
  }
  if (record.status === 'triggered')
    holds.push({
      kind: 'jenkins-queue',
      active: true,
      text: `waiting in Jenkins's queue as item ${record.jenkins.queueId ?? '?'} (a quiet period, a busy executor or a blocked job)`,
      since: at('triggered'),
      until: null,
    });
  if (record.status === 'abandoned')
    holds.push({
      kind: /JENKINS_RETRY_HORIZON/.test(record.reason ?? '') ? 'retry-horizon' : 'jenkins-retry',
      active: true,
      text: record.reason ?? 'abandoned',
      since: at('abandon'),
      until: null,
    });
  if (record.status === 'superseded')
    holds.push({
      kind: 'superseded',
      active: true,
      text: `${record.reason ?? 'superseded'} (by ${record.supersededBy ?? 'a newer promotion'})`,
      since: at('supersede'),
      until: null,
    });
  if (record.status === 'skipped' && !holds.some((h) => h.kind === 'block' && h.active))
    holds.push({
      kind: BLOCKED.test(record.reason ?? '') ? 'block' : 'skipped',
      active: true,
      text: record.reason ?? 'skipped',
      since: record.createdAt,
      until: null,
    });
  return holds;
}

/** One line: where the promotion stands, and why. */
export function verdictFor(record: PromotionRecord, holds: readonly Hold[]): string {
  const what = `${record.app}${record.imageTag ? ` ${record.imageTag}` : ''} → ${record.targetEnv}`;
  const { jenkins } = record;
  const active = holds.find((h) => h.active);
  switch (record.status) {
    case 'succeeded':
      return `${what}: promoted — Jenkins build #${jenkins.buildNumber ?? '?'} succeeded${mergeRequestWords(record.mergeRequest)}`;
    case 'failed':
      return `${what}: Jenkins build #${jenkins.buildNumber ?? '?'} ended ${jenkins.result ?? 'FAILURE'}; \`auto-promote retry ${record.id}\` sends it again`;
    case 'building':
      return `${what}: Jenkins build #${jenkins.buildNumber ?? '?'} is running`;
    default:
      if (active) return `${what}: ${isTerminal(record.status) ? record.status : 'waiting'} — ${active.text}`;
      return `${what}: planned; a dispatcher takes it next (is a dispatcher running?)`;
  }
}

/** What became of the merge request the build opened, for the verdict. */
function mergeRequestWords(mr: PromotionRecord['mergeRequest']): string {
  if (mr === null) return '';
  if (mr.state === 'none') return `; it opened no merge request (${mr.reason ?? 'none found'})`;
  const ref = `merge request !${mr.iid ?? '?'}`;
  if (mr.state === 'opened') return `; ${ref} awaits review`;
  if (mr.state === 'merged') return `; ${ref} merged${mr.mergedAt ? ` at ${mr.mergedAt}` : ''}`;
  return `; ${ref} ${mr.state}${mr.reason ? ` (${mr.reason})` : ''}`;
}
