import { dataNodes, type RedisClient } from '@auto-promote/redis';

/** Calls per command name ("evalsha", "hset", "client|setname"), as INFO commandstats names them. */
export type CommandCounts = Map<string, number>;

/**
 * Every command Redis has run since it started, by name, from `INFO commandstats`. Commands a Lua script
 * runs through `redis.call` are counted there under their own names, next to the EVALSHA that ran them:
 * checked on this host's Redis 7.0.15 (an EVAL calling ECHO, SET and INCR shows eval 1, echo 1, set 1,
 * incr 1; total_commands_processed counts all four too), and asserted by `assertScriptCommandsCounted`
 * on every run. A command is counted once it has run, so the INFO that takes a snapshot is in the next
 * snapshot: a delta between two snapshots holds exactly one `info` of the client taking them.
 */
export async function commandStats(redis: RedisClient): Promise<CommandCounts> {
  const counts: CommandCounts = new Map();
  // On a Cluster, INFO answers for one node: the counts of every master are summed.
  for (const node of await dataNodes(redis)) {
    const text = await node.info('commandstats');
    for (const [, name, calls] of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm))
      if (name && calls) counts.set(name, (counts.get(name) ?? 0) + Number(calls));
  }
  return counts;
}

/** What ran between two snapshots (commands that did not run are left out). */
export function commandsBetween(before: CommandCounts, after: CommandCounts): CommandCounts {
  const delta: CommandCounts = new Map();
  for (const [name, calls] of after) {
    const ran = calls - (before.get(name) ?? 0);
    if (ran > 0) delta.set(name, ran);
  }
  return delta;
}

export function totalCommands(counts: CommandCounts): number {
  let total = 0;
  for (const calls of counts.values()) total += calls;
  return total;
}

/** The `n` most frequent commands, most first, as [name, calls]. */
export function topCommands(counts: CommandCounts, n: number): Array<[string, number]> {
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n);
}

/**
 * Fails unless this Redis counts the commands a script runs in `INFO commandstats` (see `commandStats`):
 * a figure that left them out would understate a script-heavy client several times over.
 */
export async function assertScriptCommandsCounted(redis: RedisClient): Promise<void> {
  const before = await commandStats(redis);
  await redis.eval("return redis.call('ECHO', ARGV[1])", 0, 'commandstats check');
  const ran = commandsBetween(before, await commandStats(redis));
  if (ran.get('echo') !== 1 || ran.get('eval') !== 1)
    throw new Error(`INFO commandstats did not count a command run inside EVAL: ${JSON.stringify([...ran])}`);
}
