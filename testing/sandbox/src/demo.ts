import { randomBytes } from 'node:crypto';
import { formatDuration, type ChangeWay } from '@auto-promote/domain';
import { promotionTitle } from './promote-environment-job';
import { SandboxClient, type SandboxMergeRequest } from './sandbox-client';
import { tagForEnvironment } from './image-tag-style';

export interface TimelineStep {
  step: string;
  /** Milliseconds since the demo started. */
  at: number;
  /** Milliseconds since the previous merge: how long auto-promote took to open the next MR. */
  latency: number | null;
}

/** Next dev build of an app: the patch version bumped, a fresh commit id, in dev's tag style. */
export function nextDevTag(currentTag: string): string {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(currentTag);
  const version = match ? `${match[1]}.${match[2]}.${Number(match[3]) + 1}` : '1.0.0';
  return `${version}-SNAPSHOT-${randomBytes(4).toString('hex').slice(0, 7)}`;
}

async function waitForMergeRequest(
  client: SandboxClient,
  title: string,
  timeoutMs: number,
): Promise<SandboxMergeRequest> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await client.mergeRequests('opened')).find((mr) => mr.title === title);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no merge request "${title}" after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The scripted walk-through: a change merged into dev, the stage MR auto-promote causes, merged; the
 * prod MR, merged; and nothing after prod. Returns the timeline with the latency of each step.
 */
export async function runDemo(
  client: SandboxClient,
  options: { app?: string; timeoutMs?: number; print?: (line: string) => void } = {},
): Promise<TimelineStep[]> {
  const app = options.app ?? 'exampleApp';
  const timeoutMs = options.timeoutMs ?? 30_000;
  const print = options.print ?? (() => undefined);
  const started = Date.now();
  const timeline: TimelineStep[] = [];
  let lastMerge = started;
  const mark = (step: string, opensMr = false): void => {
    const at = Date.now() - started;
    timeline.push({ step, at, latency: opensMr ? Date.now() - lastMerge : null });
    print(`  ${String(at).padStart(6)} ms  ${step}`);
  };

  const current = /:([^:\s]+)\s*$/m.exec(
    (await client.readManifest(app, 'dev'))
      .split('\n')
      .find((l) => l.includes('image:') && l.includes('/p2c/')) ?? '',
  )?.[1];
  const devTag = nextDevTag(current ?? '1.0.0');
  const change = await client.proposeChange({ app, tag: devTag, target: 'dev' });
  mark(`app CI opened !${change.iid} "${change.title}" into dev`);
  await client.merge(change.iid);
  lastMerge = Date.now();
  mark(`!${change.iid} merged into dev`);

  for (const [source, target] of [
    ['dev', 'stage'],
    ['stage', 'prod'],
  ] as const) {
    const title = promotionTitle(app, target, tagForEnvironment(devTag, target));
    const mr = await waitForMergeRequest(client, title, timeoutMs);
    mark(`auto-promote → Jenkins opened !${mr.iid} "${mr.title}" (${source} → ${target})`, true);
    await client.merge(mr.iid);
    lastMerge = Date.now();
    mark(`!${mr.iid} merged into ${target} (a human checked ${source}'s health)`);
  }

  const fromProd = (await client.promotions()).filter((p) => p.sourceEnv === 'prod');
  mark(
    fromProd.length === 0
      ? 'prod has no promotion target: nothing more happens'
      : 'UNEXPECTED: a promotion from prod',
  );
  const prod = (await client.promotions({ app, target: 'prod' })).find((p) => p.sourceEnv === 'stage');
  mark(leadTimeLine(prod ? await recordedWay(client, prod.id) : null));
  return timeline;
}

/** How long the change took from the dev push to each environment, as the records say. */
export function leadTimeLine(way: ChangeWay | null): string {
  const times = way?.leadTimes ?? [];
  if (times.length === 0) return 'lead time: n/a (no merged merge request recorded)';
  const measured = times.map((t) => `dev push → ${t.target} merged ${formatDuration(t.leadTimeSeconds)}`);
  // A merge request recorded but not (yet) recorded merged: its merge is recorded on a later look.
  const pending = (way?.steps ?? [])
    .filter((step) => step.kind === 'merge-request' && !times.some((t) => t.target === step.env))
    .map((step) => `${step.env} merge not recorded yet`);
  return `lead time: ${[...measured, ...pending].join(', ')}`;
}

/**
 * The change's way once the prod merge is recorded. Recording follows the promotion's job (which looks for its
 * merge request with backoff) and the prod push, so it lands a moment after the merge: waits for it, bounded.
 */
async function recordedWay(client: SandboxClient, id: string): Promise<ChangeWay | null> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const way = await client.change(id).catch(() => null);
    if (way?.leadTimes.some((t) => t.target === 'prod') || Date.now() > deadline) return way;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
