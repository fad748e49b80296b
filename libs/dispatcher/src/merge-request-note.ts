import type { PromotionRecord } from '@auto-promote/records';

/** Markdown table cells must not break the row. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

function buildCell(record: PromotionRecord): string {
  const { buildNumber, buildUrl } = record.jenkins;
  if (buildNumber === null) return '—';
  return buildUrl ? `[#${buildNumber}](${buildUrl})` : `#${buildNumber}`;
}

function statusCell(record: PromotionRecord): string {
  return record.reason && ['skipped', 'superseded', 'abandoned', 'failed'].includes(record.status)
    ? `${record.status}: ${cell(record.reason)}`
    : record.status;
}

/** The merge request note listing the promotions a merge triggered and their Jenkins builds. */
export function mergeRequestNote(targetEnv: string, records: readonly PromotionRecord[]): string {
  const rows = [...records]
    .sort((a, b) => (a.app < b.app ? -1 : a.app > b.app ? 1 : 0))
    .map(
      (r) =>
        `| ${cell(r.app)} | ${r.imageTag ? `\`${cell(r.imageTag)}\`` : '—'} | ${statusCell(r)} | ${buildCell(r)} |`,
    );
  return [
    `**auto-promote** promoted this merge to \`${targetEnv}\`:`,
    '',
    '| App | Image tag | Status | Jenkins build |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
