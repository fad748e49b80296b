import { linkKey, type BoardSnapshot } from '@auto-promote/board-view';
import { h } from './dom';
import { followChanges, type ConnectionState } from './live';
import { renderBoard } from './render-board';
import { renderRecent } from './render-recent';
import { displayStatus, STATUSES } from './status';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const filters = $<HTMLFormElement>('filters');
let latest: BoardSnapshot | null = null;
/** Server time minus browser time, so "how long ago" follows the server's clock. */
let skewMs = 0;
let inFlight: Promise<void> | null = null;
let again = false;

function query(): string {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(filters))
    if (typeof value === 'string' && value) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

function fillSelect(select: HTMLSelectElement, values: readonly string[]): void {
  const current = select.value;
  const first = select.options[0];
  select.replaceChildren(...(first ? [first] : []), ...values.map((v) => h('option', { value: v }, v)));
  select.value = values.includes(current) ? current : '';
}

function announceChanges(previous: BoardSnapshot | null, next: BoardSnapshot): void {
  if (!previous) return;
  const messages: string[] = [];
  for (const row of next.rows) {
    const before = previous.rows.find((r) => r.app === row.app);
    for (const link of next.links) {
      const key = linkKey(link.source, link.target);
      const p = row.promotions[key];
      const old = before?.promotions[key];
      if (p && (!old || displayStatus(old) !== displayStatus(p) || old.id !== p.id)) {
        messages.push(`${row.app} ${link.source} to ${link.target}: ${displayStatus(p)}`);
      }
    }
  }
  if (messages.length > 0) $('announcer').textContent = messages.slice(0, 3).join('. ');
}

function render(snapshot: BoardSnapshot): void {
  const now = Date.now() + skewMs;
  $('table-wrap').replaceChildren(renderBoard(snapshot, now));
  $('recent-list').replaceChildren(...renderRecent(snapshot, now));
  $('freezes').replaceChildren(
    ...(snapshot.hookAlert
      ? [
          h(
            'p',
            { class: 'freeze-banner hook-banner', role: 'alert', 'data-testid': 'hook-alert' },
            h('span', { 'aria-hidden': 'true' }, '⚠ '),
            h('strong', {}, 'GitLab webhook not delivering'),
            `: ${snapshot.hookAlert.message}`,
          ),
        ]
      : []),
    ...snapshot.freezes.map((f) =>
      h(
        'p',
        {
          class: 'freeze-banner',
          'data-testid': f.kind === 'gitlab-calendar' ? `freeze-${f.target}-gitlab` : `freeze-${f.target}`,
          'data-kind': f.kind,
        },
        h('span', { 'aria-hidden': 'true' }, '❄ '),
        h('strong', {}, `${f.target} is frozen`),
        `: ${f.reason}`,
        f.kind === 'operator' && f.until ? ` (until ${new Date(f.until).toLocaleString()})` : '',
        f.by ? ` — by ${f.by}` : '',
      ),
    ),
  );
  fillSelect(
    $('filter-app'),
    snapshot.rows.map((r) => r.app),
  );
  fillSelect(
    $('filter-target'),
    snapshot.links.map((l) => l.target),
  );
  document.body.dataset['updatedAt'] = snapshot.now;
}

async function load(): Promise<void> {
  const response = await fetch(`../api/board${query()}`, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET /api/board answered ${response.status}`);
  const snapshot = (await response.json()) as BoardSnapshot;
  skewMs = Date.parse(snapshot.now) - Date.now();
  announceChanges(latest, snapshot);
  latest = snapshot;
  render(snapshot);
}

/** One request at a time; a change arriving meanwhile causes exactly one more. */
function refresh(): void {
  if (inFlight) {
    again = true;
    return;
  }
  inFlight = load()
    .catch((error: unknown) => setConnection('reconnecting', (error as Error).message))
    .finally(() => {
      inFlight = null;
      if (again) {
        again = false;
        refresh();
      }
    });
}

function setConnection(state: ConnectionState, detail?: string): void {
  const el = $('connection');
  el.dataset['state'] = state;
  const text = state === 'live' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Reconnecting…';
  (el.querySelector('.text') as HTMLElement).textContent = detail ? `${text} (${detail})` : text;
}

fillSelect($('filter-status'), STATUSES);
filters.addEventListener('change', refresh);
followChanges(refresh, setConnection);
refresh();
// Relative times keep moving between changes.
setInterval(() => latest && render(latest), 15_000);
