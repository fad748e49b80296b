import type { Explanation, Hold } from './explanation';

const short = (sha: string): string => sha.slice(0, 8);

function holdLine(h: Hold): string {
  const when = [h.since ? `since ${h.since}` : null, h.until ? `until ${h.until}` : null]
    .filter((x) => x !== null)
    .join(', ');
  return `  ${h.active ? '▶' : '·'} ${h.kind}: ${h.text}${when ? ` (${when})` : ''}`;
}

/** `explain` as an operator reads it: the verdict first, then the chain from push to build. */
export function renderExplanation(e: Explanation): string {
  const lines = [e.verdict, ''];
  if (e.change) {
    const c = e.change;
    lines.push(
      `change     ${c.source} push ${short(c.before)}..${short(c.after)} on ${c.branch}, received ${c.receivedAt}`,
      `           event ${c.eventId}: ${c.status}${c.reason ? ` (${c.reason})` : ''}`,
    );
  } else if (e.promotion) lines.push('change     the push that planned it is no longer recorded');
  if (e.promotion) {
    const p = e.promotion;
    lines.push(
      `promotion  ${p.id}`,
      `           ${p.sourceEnv} → ${p.targetEnv}, commit ${short(p.sha)}, IMAGE_TAG ${p.imageTag ?? '(none)'}: ${p.status}`,
    );
    for (const h of e.history)
      lines.push(
        `  ${h.at}  ${h.event.padEnd(14)} ${(h.from ?? '—').padEnd(10)} → ${h.to.padEnd(10)} ${h.note ?? ''}`.trimEnd(),
      );
  }
  if (e.holds.length > 0) lines.push('held by', ...e.holds.map(holdLine));
  if (e.jenkins) {
    const j = e.jenkins;
    lines.push(
      `jenkins    queue item ${j.queueId ?? '—'}${j.buildNumber === null ? '' : `, build #${j.buildNumber}`}${j.result ? ` ${j.result}` : ''}${j.buildUrl ? ` ${j.buildUrl}` : ''}`,
    );
  }
  const mr = e.mergeRequest;
  if (mr)
    lines.push(
      mr.state === 'none'
        ? `merge req  none from ${mr.sourceBranch}: ${mr.reason ?? 'none found'}`
        : `merge req  !${mr.iid ?? '?'} ${mr.state === 'opened' ? 'awaiting review' : mr.state}${mr.mergedAt ? ` at ${mr.mergedAt}` : ''}${mr.url ? ` ${mr.url}` : ''}`,
    );
  if (e.webhook && e.webhook.status !== 'executable')
    lines.push(
      `webhook    auto-promote's GitLab hook is ${e.webhook.status} (checked ${e.webhook.checkedAt})`,
    );
  const n = e.ifPushedNow;
  lines.push(`if pushed  ${n.head ? `head ${short(n.head)} of ${n.sourceBranch}: ` : ''}${n.text}`);
  return lines.join('\n');
}
