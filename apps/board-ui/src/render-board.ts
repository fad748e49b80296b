import { linkKey, type BoardBlock, type BoardPromotion, type BoardSnapshot } from '@auto-promote/board-view';
import { h } from './dom';
import { displayStatus, explanation, statusBadge } from './status';
import { timeAgo } from './time-ago';

const short = (sha: string): string => sha.slice(0, 8);

/** A link to the Jenkins build, only for http(s) URLs. */
export function buildLink(p: BoardPromotion): HTMLElement | null {
  if (!p.buildUrl || !/^https?:\/\//i.test(p.buildUrl)) return null;
  const label = p.buildNumber !== null ? `Jenkins build #${p.buildNumber}` : 'Jenkins build';
  return h('a', { href: p.buildUrl, target: '_blank', rel: 'noopener noreferrer', class: 'build' }, label);
}

/**
 * The merge request the build opened: a link (http(s) URLs only) and "awaiting review" while it is open;
 * null before one is recorded or when the build opened none.
 */
export function mergeRequestLink(p: BoardPromotion): HTMLElement | null {
  const mr = p.mergeRequest ?? null;
  if (!mr || mr.iid === null) return null;
  const label = `!${mr.iid}`;
  const link =
    mr.url && /^https?:\/\//i.test(mr.url)
      ? h('a', { href: mr.url, target: '_blank', rel: 'noopener noreferrer' }, label)
      : h('span', {}, label);
  const state = mr.state === 'opened' ? 'awaiting review' : mr.state;
  return h(
    'span',
    { class: 'merge-request', 'data-state': mr.state, 'data-testid': `mr-${p.id}` },
    link,
    h('span', { class: mr.state === 'opened' ? 'awaiting' : 'mr-state' }, ` ${state}`),
  );
}

function promotionCell(
  app: string,
  source: string,
  target: string,
  p: BoardPromotion | undefined,
  now: number,
) {
  const id = `link-${app}-${source}-${target}`;
  if (!p) {
    return h(
      'td',
      { class: 'link', 'data-testid': id, 'data-status': 'none', 'data-label': `${source} → ${target}` },
      h('span', { class: 'muted' }, 'no promotion yet'),
    );
  }
  const status = displayStatus(p);
  const why = explanation(p);
  return h(
    'td',
    { class: 'link', 'data-testid': id, 'data-status': status, 'data-label': `${source} → ${target}` },
    h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→ '),
    statusBadge(status),
    h('span', { class: 'tag' }, p.imageTag ?? short(p.sha)),
    why ? h('span', { class: 'why' }, why) : null,
    buildLink(p),
    mergeRequestLink(p),
    h('time', { datetime: p.updatedAt, class: 'ago' }, timeAgo(p.updatedAt, now)),
  );
}

const blockedVersion = (b: BoardBlock): string => (b.kind === 'tag' ? b.version : short(b.version));

/** The app's active blocks, under its name: what is quarantined, where, why and by whom. */
function blockMarks(blocks: readonly BoardBlock[]): HTMLElement | null {
  if (blocks.length === 0) return null;
  return h(
    'span',
    { class: 'block-marks' },
    ...blocks.map((b) =>
      h(
        'span',
        { class: 'block-mark', 'data-testid': `block-${b.id}` },
        h('span', { 'aria-hidden': 'true' }, '⊘ '),
        `${blockedVersion(b)} blocked${b.target ? ` for ${b.target}` : ''}: ${b.reason} (by ${b.by})`,
      ),
    ),
  );
}

/** The block that applies to what an environment runs, if any. */
function blockOfCell(
  blocks: readonly BoardBlock[],
  env: string,
  cell: { imageTag: string | null; sha: string },
): BoardBlock | undefined {
  return blocks.find(
    (b) =>
      (b.target === null || b.target === env) &&
      (b.kind === 'tag' ? b.version === cell.imageTag : b.version === cell.sha),
  );
}

/** The table: one row per app, environment columns in promotion order with the steps between them. */
export function renderBoard(snapshot: BoardSnapshot, now: number): HTMLElement {
  if (snapshot.rows.length === 0) {
    return h('p', { class: 'empty' }, 'No apps seen yet: environments are read on the next reconcile.');
  }
  // A target held by an operator and by GitLab's calendar at once shows both reasons.
  const frozen = new Map<string, string[]>();
  for (const f of snapshot.freezes) frozen.set(f.target, [...(frozen.get(f.target) ?? []), f.reason]);
  const envs = snapshot.environments;
  const stepAfter = (env: string) => snapshot.links.find((l) => l.source === env);
  const head = h('tr', {}, h('th', { scope: 'col' }, 'App'));
  envs.forEach((env) => {
    const reasons = frozen.get(env);
    head.append(
      h(
        'th',
        {
          scope: 'col',
          'data-testid': `env-${env}`,
          class: reasons ? 'env frozen' : 'env',
          'data-frozen': reasons ? 'true' : 'false',
        },
        env,
        reasons
          ? h(
              'span',
              { class: 'freeze-mark' },
              h('span', { 'aria-hidden': 'true' }, ' ❄ '),
              `frozen: ${reasons.join('; ')}`,
            )
          : null,
      ),
    );
    const step = stepAfter(env);
    if (step && envs.includes(step.target)) {
      head.append(
        h(
          'th',
          { scope: 'col', class: 'link-head' },
          h('span', { class: 'visually-hidden' }, `${step.source} to ${step.target}`),
          h('span', { 'aria-hidden': 'true' }, '→'),
        ),
      );
    }
  });
  const body = h('tbody');
  for (const row of snapshot.rows) {
    const blocks = (snapshot.blocks ?? []).filter((b) => b.app === row.app);
    const tr = h(
      'tr',
      { 'data-testid': `row-${row.app}` },
      h('th', { scope: 'row', class: 'app' }, row.app, blockMarks(blocks)),
    );
    envs.forEach((env) => {
      const cell = row.cells[env];
      const blocked = cell ? blockOfCell(blocks, env, cell) : undefined;
      tr.append(
        h(
          'td',
          {
            class: ['env-cell', frozen.has(env) ? 'frozen' : '', blocked ? 'blocked' : '']
              .filter(Boolean)
              .join(' '),
            'data-testid': `cell-${row.app}-${env}`,
            'data-label': env,
            'data-blocked': blocked ? 'true' : 'false',
          },
          cell
            ? h(
                'span',
                {},
                h('code', { class: 'tag' }, cell.imageTag ?? 'no image tag'),
                h('span', { class: 'sha' }, `@ ${short(cell.sha)}`),
                blocked
                  ? h('span', { class: 'block-mark' }, `⛔ blocked: ${blocked.reason} (by ${blocked.by})`)
                  : null,
                h('time', { datetime: cell.seenAt, class: 'ago' }, `seen ${timeAgo(cell.seenAt, now)}`),
              )
            : h('span', { class: 'muted' }, 'not deployed'),
        ),
      );
      const step = stepAfter(env);
      if (step && envs.includes(step.target)) {
        tr.append(
          promotionCell(
            row.app,
            step.source,
            step.target,
            row.promotions[linkKey(step.source, step.target)],
            now,
          ),
        );
      }
    });
    body.append(tr);
  }
  return h(
    'table',
    { class: 'board' },
    h(
      'caption',
      { class: 'visually-hidden' },
      'What each environment runs per app, and the newest promotion between environments',
    ),
    h('thead', {}, head),
    body,
  );
}
