import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** The parts of a V8 .cpuprofile (written by `node --cpu-prof`) this summary reads. */
interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  samples: number[];
  timeDeltas: number[];
}

const IDLE = new Set(['(idle)', '(program)']);

/** Where a function lives: an npm package, node itself, the service bundle, or V8. */
function area(url: string, name: string): string {
  if (url === '') return name.startsWith('(') ? name : 'native';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] ?? 'npm';
  if (url.startsWith('node:')) return 'node core';
  if (url.includes('/dist/apps/')) return 'auto-promote';
  return url.replace(/^file:\/\//, '');
}

function top(map: Map<string, number>, total: number, count: number): string[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, us]) => `  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${key}`);
}

/** Self time by area and by function for one profile, busy time only (idle excluded). */
export async function summarizeProfile(path: string, count = 15): Promise<string> {
  const profile = JSON.parse(await readFile(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (frame: CpuProfile['nodes'][number]['callFrame']) =>
    `${frame.functionName || '(anonymous)'} ${area(frame.url, frame.functionName)}:${frame.lineNumber + 1}`;
  const inclusive = new Map<string, number>();
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    if (!frame || IDLE.has(frame.functionName)) {
      idle += us;
      return;
    }
    busy += us;
    const where = area(frame.url, frame.functionName);
    byArea.set(where, (byArea.get(where) ?? 0) + us);
    const fn = label(frame);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    // Time spent in a function and everything it called, each function counted once per stack.
    const seen = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      const caller = byId.get(node);
      if (!caller || caller.functionName === '(root)') continue;
      const key = label(caller);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  });
  const share = busy + idle > 0 ? (100 * busy) / (busy + idle) : 0;
  return [
    `${path}: busy ${(busy / 1e6).toFixed(1)} s (${share.toFixed(0)} % of the profile)`,
    ' self time by area:',
    ...top(byArea, busy, 10),
    ' self time by function:',
    ...top(byFunction, busy, count),
    ' total time (self + callees) by function:',
    ...top(inclusive, busy, count * 2),
  ].join('\n');
}

/** Summaries of every profile in a directory. */
export async function summarizeProfiles(directory: string): Promise<string> {
  const files = (await readdir(directory)).filter((f) => f.endsWith('.cpuprofile')).sort();
  const parts = await Promise.all(files.map((f) => summarizeProfile(join(directory, f))));
  return parts.join('\n\n') || `no profiles in ${directory}`;
}
