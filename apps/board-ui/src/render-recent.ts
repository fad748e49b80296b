import type { BoardSnapshot } from '@auto-promote/board-view';
import { h } from './dom';
import { buildLink } from './render-board';
import { displayStatus, explanation, statusBadge } from './status';
import { timeAgo } from './time-ago';

/** The side panel's list: newest first, already filtered by the server. */
export function renderRecent(snapshot: BoardSnapshot, now: number): HTMLElement[] {
  if (snapshot.recent.length === 0) return [h('li', { class: 'muted' }, 'No promotions match.')];
  return snapshot.recent.map((p) => {
    const why = explanation(p);
    return h(
      'li',
      { 'data-testid': `recent-${p.id}` },
      h('span', { class: 'what' }, h('strong', {}, p.app), ` ${p.sourceEnv} → ${p.targetEnv}`),
      statusBadge(displayStatus(p)),
      h('code', { class: 'tag' }, p.imageTag ?? p.sha.slice(0, 8)),
      why ? h('span', { class: 'why' }, why) : null,
      buildLink(p),
      h('time', { datetime: p.updatedAt, class: 'ago' }, timeAgo(p.updatedAt, now)),
    );
  });
}
