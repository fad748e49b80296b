import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { BenchContext, Scenario } from './support/bench-context';
import { summarizeProfiles } from './support/cpu-profile';
import { Results, runInfo } from './support/results';
import { SCENARIOS } from './scenarios';

/**
 * `npm run bench`: every scenario against a real Redis and the emulators, each speed figure next to a
 * baseline measured in the same run. Prints one table; a full run also writes bench/results/<date>.json
 * and the table in docs/performance.md (partial runs go to bench/results/partial/).
 *
 *   --only ingress,e2e   run some scenarios (ids below)     --quick     shorter runs, 1 repeat
 *   --profile            --cpu-prof the role processes      --logs      keep the role processes' logs
 */
const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    logs: { type: 'boolean', default: false },
    repeats: { type: 'string' },
  },
});

const only = values.only ? values.only.split(',').map((s) => s.trim()) : null;
const unknown = only?.filter((id) => !SCENARIOS.some((s) => s.id === id)) ?? [];
if (unknown.length > 0) {
  process.stderr.write(
    `unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.id).join(', ')}\n`,
  );
  process.exit(2);
}
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const profileDir = values.profile ? `bench/results/profiles/${stamp}` : null;
const logDir = values.logs ? `bench/results/logs/${stamp}` : null;
for (const dir of [profileDir, logDir]) if (dir) mkdirSync(dir, { recursive: true });

const startedAt = new Date();
const ctx: BenchContext = {
  options: {
    quick: values.quick,
    profileDir,
    logDir,
    repeats: Number(values.repeats ?? (values.quick ? 1 : 3)),
  },
  results: new Results(),
  shared: {},
  log: (message) => process.stderr.write(`${message}\n`),
};

const selected: Scenario[] = SCENARIOS.filter((s) => !only || only.includes(s.id));
let failed = false;
for (const scenario of selected) {
  const t0 = Date.now();
  ctx.log(`▶ ${scenario.title}`);
  try {
    await scenario.run(ctx);
    ctx.log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (error) {
    failed = true;
    ctx.log(`  FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

const info = runInfo(startedAt, only, values.quick);
const file = ctx.results.write(info);
process.stdout.write(`\n${ctx.results.markdown()}\n\nresults: ${file}\n`);
if (!only && !values.quick && (await ctx.results.updateDoc(info)))
  process.stdout.write('table: docs/performance.md\n');
if (profileDir) process.stdout.write(`\n${await summarizeProfiles(profileDir)}\n`);
process.exit(failed ? 1 : 0);
