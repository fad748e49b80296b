import type { PromotionRecord } from '@auto-promote/records';

const or = (value: string | number | null | undefined, none = '—'): string =>
  value === null || value === undefined || value === '' ? none : String(value);

/**
 * `auto-promote promotions <id>`: one promotion's receipt, "what happened to this merge?" in one read —
 * the GitLab delivery that caused it, the promotion, the Jenkins queue item and build, the merge request.
 */
export function renderReceipt(record: PromotionRecord): string {
  const { delivery, jenkins, mergeRequest: mr } = record;
  const lines: Array<[string, string]> = [
    [
      'promotion',
      `${record.id}  ${record.app} ${record.sourceEnv}→${record.targetEnv} @ ${record.sha.slice(0, 12)}`,
    ],
    ['status', `${record.status}${record.reason ? ` (${record.reason})` : ''}`],
    ['image tag', or(record.imageTag)],
    [
      'delivery',
      delivery
        ? `Idempotency-Key ${or(delivery.idempotencyKey)}, X-Gitlab-Event-UUID ${or(delivery.eventUuid)}`
        : `none (${record.source})`,
    ],
    ['push event', record.eventId],
    ['queue item', or(jenkins.queueUrl ?? jenkins.queueId)],
    [
      'build',
      jenkins.buildNumber === null
        ? '—'
        : `#${jenkins.buildNumber} ${or(jenkins.result, 'running')} ${or(jenkins.buildUrl, '')}`.trim(),
    ],
    ['merge request', mergeRequestLine(mr)],
    ['created', `${record.createdAt}, updated ${record.updatedAt}`],
  ];
  const width = Math.max(...lines.map(([k]) => k.length));
  return lines.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

function mergeRequestLine(mr: PromotionRecord['mergeRequest']): string {
  if (mr === null) return 'not looked for yet';
  if (mr.state === 'none') return `none from ${mr.sourceBranch}: ${or(mr.reason)}`;
  const merged =
    mr.state === 'merged' ? ` at ${or(mr.mergedAt)} as ${or(mr.mergeCommitSha?.slice(0, 12))}` : '';
  const reason = mr.reason ? ` (${mr.reason})` : '';
  return `!${or(mr.iid)} ${mr.state}${merged} ${or(mr.url, '')}${reason}`.replace(/\s+/g, ' ').trim();
}
