import type { BoardPromotion } from '@auto-promote/board-view';
import { h } from './dom';

export type DisplayStatus = BoardPromotion['status'] | 'frozen';

/** Icon (shape) and words for each status: colour is never the only signal. */
const LOOK: Record<DisplayStatus, { icon: string; label: string }> = {
  planned: { icon: '○', label: 'planned' },
  frozen: { icon: '❄', label: 'frozen' },
  triggered: { icon: '▷', label: 'triggered' },
  building: { icon: '◔', label: 'building' },
  succeeded: { icon: '✓', label: 'succeeded' },
  failed: { icon: '✕', label: 'failed' },
  superseded: { icon: '↷', label: 'superseded' },
  skipped: { icon: '–', label: 'skipped' },
  abandoned: { icon: '⚠', label: 'abandoned' },
};

export const STATUSES = Object.keys(LOOK).filter((s) => s !== 'frozen') as BoardPromotion['status'][];

/** A planned promotion held back by a freeze shows as frozen. */
export function displayStatus(p: BoardPromotion): DisplayStatus {
  return p.status === 'planned' && p.frozen ? 'frozen' : p.status;
}

export function statusBadge(status: DisplayStatus): HTMLElement {
  const look = LOOK[status];
  return h(
    'span',
    { class: `badge s-${status}`, 'data-status': status },
    h('span', { class: 'icon', 'aria-hidden': 'true' }, look.icon),
    ' ',
    h('span', { class: 'label' }, look.label),
  );
}

/** Why a promotion ended as it did, when there is something to say. */
export function explanation(p: BoardPromotion): string | null {
  if (p.status === 'planned' && p.frozen)
    return p.frozen.by ? `${p.frozen.reason} (frozen by ${p.frozen.by})` : p.frozen.reason;
  if (p.status === 'failed') return p.reason ?? p.lastError ?? 'Jenkins build did not succeed';
  if (p.status === 'skipped' || p.status === 'abandoned') return p.reason;
  return null;
}
