import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import keySlot from 'cluster-key-slot';
import { describe, expect, it } from 'vitest';
import { PROMOTION_STATUSES } from '@auto-promote/domain';
import { SCRIPTS, redisKeys } from '@auto-promote/redis';

/**
 * Redis Cluster runs a Lua script only when every key it touches is in one hash slot (and BullMQ's own
 * scripts need the same of the queue keys). With a hash-tagged QUEUE_PREFIX every key of the service hashes
 * to the tag's slot: proved here for every key the code hands each script, and for every key of the registry.
 */
const PREFIX = '{auto-promote}';
const SLOT = keySlot(PREFIX);
const keys = redisKeys(PREFIX);

// Awkward ids and names: braces in an id must not move a key out of the prefix's slot.
const ID = 'exampleApp-dev-stage-0123abc{x}';
const APP = 'app{1}';
const TARGET = 'stage';

/**
 * What the code gives each script: KEYS, and ARGV entries that name keys (a prefix the script completes).
 * Mirrors the call sites: promotion-store.ts, latest-pointers.ts, planned-heads.ts, jenkins-circuit.ts,
 * push-event-producer.ts.
 */
const SCRIPT_KEYS: Record<keyof typeof SCRIPTS, string[]> = {
  promotionCreate: [
    keys.promotion(ID),
    keys.promotionsSequence,
    keys.promotionHistory(ID),
    keys.promotionsIndex,
    keys.promotionsByApp(APP),
    ...PROMOTION_STATUSES.map((s) => keys.promotionsByStatus(s)),
  ],
  // ARGV[5] .. status: the status indexes left and entered (see the script's header).
  promotionApply: [
    keys.promotion(ID),
    keys.promotionsIndex,
    keys.latestPromotion(TARGET, APP),
    keys.promotionHistory(ID),
    ...PROMOTION_STATUSES.map((s) => `${keys.promotionsByStatus('')}${s}`),
  ],
  compareAndSet: [keys.latestPromotion(TARGET, APP), keys.promotion(ID), keys.plannedHead('dev')],
  pushAdmit: [keys.eventAccepted('push:42:dev:{a}:b'), keys.pushOrder(42, 'feature/{x}')],
  triggerGate: [keys.jenkinsFailures, keys.jenkinsProbe, keys.jenkinsTriggerWindow],
  circuitFailure: [keys.jenkinsFailures, keys.jenkinsProbe],
  circuitClose: [keys.jenkinsFailures, keys.jenkinsProbe, keys.jenkinsParked],
};

/** Every key of the registry, its functions called with awkward arguments. */
function registryKeys(): string[] {
  return Object.values(keys).map((entry) =>
    typeof entry === 'string' ? entry : (entry as (...args: unknown[]) => string)(ID, APP, 7),
  );
}

const COMMANDS_DIR = fileURLToPath(new URL('../../../libs/redis/src/commands/', import.meta.url));

/** The arguments of a call, split at top-level commas (not inside parentheses or strings). */
function splitArgs(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth += 1;
    else if (ch === ')') depth -= 1;
    else if (ch === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  args.push(current.trim());
  return args;
}

/** Every `redis.call(...)` of a script as [command, key arguments]. */
function keyArguments(source: string): Array<[string, string[]]> {
  const calls: Array<[string, string[]]> = [];
  for (const match of source.matchAll(/redis\.p?call\(/g)) {
    let depth = 1;
    let end = (match.index ?? 0) + match[0].length;
    const start = end;
    while (depth > 0 && end < source.length) {
      if (source[end] === '(') depth += 1;
      if (source[end] === ')') depth -= 1;
      end += 1;
    }
    const [command = '', ...args] = splitArgs(source.slice(start, end - 1));
    const name = command.replace(/'/g, '').toUpperCase();
    // PUBLISH takes a channel, not a key; DEL and EXISTS take keys only; the others one key first.
    if (name === 'PUBLISH') continue;
    calls.push([name, name === 'DEL' || name === 'EXISTS' ? args : args.slice(0, 1)]);
  }
  return calls;
}

/** Key arguments built outside KEYS, each proved to share the prefix's tag above (SCRIPT_KEYS). */
const DOCUMENTED_EXCEPTIONS: Record<string, string[]> = {
  'promotion-apply.lua': ['ARGV[5] .. old', 'index'],
};

describe('Lua scripts on Redis Cluster', () => {
  it('covers every script the service runs', () => {
    expect(Object.keys(SCRIPT_KEYS).sort()).toEqual(Object.keys(SCRIPTS).sort());
    const files = readdirSync(COMMANDS_DIR).filter((f) => f.endsWith('.lua'));
    expect(files.sort()).toEqual(
      Object.values(SCRIPTS)
        .map((s) => `${s.name}.lua`)
        .sort(),
    );
  });

  it.each(Object.entries(SCRIPT_KEYS))('%s: every key it is given is in the prefix slot', (_name, given) => {
    for (const key of given) expect([key, keySlot(key)]).toEqual([key, SLOT]);
    expect(keySlot.generateMulti(given)).toBe(SLOT);
  });

  it('every key of the registry is in the prefix slot, whatever the ids hold', () => {
    for (const key of registryKeys()) expect([key, keySlot(key)]).toEqual([key, SLOT]);
  });

  it('a prefix without a hash tag spreads the keys over slots (what the config refuses)', () => {
    const plain = redisKeys('auto-promote');
    expect(new Set([plain.promotionsIndex, plain.jenkinsFailures].map((k) => keySlot(k))).size).toBe(2);
  });

  it.each(readdirSync(COMMANDS_DIR).filter((f) => f.endsWith('.lua')))(
    '%s touches keys only through KEYS (or a documented, proved exception)',
    (file) => {
      const source = readFileSync(`${COMMANDS_DIR}${file}`, 'utf8');
      const calls = keyArguments(source);
      expect(calls.length).toBeGreaterThan(0);
      const args = calls.flatMap(([, a]) => a);
      const exceptions = DOCUMENTED_EXCEPTIONS[file] ?? [];
      const outside = args.filter((arg) => !/^KEYS\[(\d+|i)\]$/.test(arg) && !exceptions.includes(arg));
      expect(outside).toEqual([]);
      // An exception no longer in the script is dropped from the list, so the list stays the truth.
      for (const exception of exceptions) expect(args).toContain(exception);
    },
  );

  it("promotion-apply's `index` is ARGV[5] .. a status, nothing else", () => {
    const source = readFileSync(`${COMMANDS_DIR}promotion-apply.lua`, 'utf8');
    expect(source).toMatch(/local index = ARGV\[5\] \.\. rec\.status\n/);
  });
});
