import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** Resident set size of a process in MB, from /proc (Linux). */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
}

let ticksPerSecond: number | undefined;

/** CPU time (ms) a process has spent so far in its own code (user) and in the kernel for it (system), from /proc (Linux). */
export async function cpuTimes(pid: number): Promise<{ user: number; system: number }> {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at the state, field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ms = (field: string | undefined) => (Number(field) * 1000) / (ticksPerSecond ?? 100);
  return { user: ms(fields[11]), system: ms(fields[12]) }; // utime (14), stime (15)
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc (Linux). CPU time per request is
 * what a busy shared machine distorts least: other processes steal wall time, not this process's CPU.
 */
export async function cpuMs(pid: number): Promise<number> {
  const { user, system } = await cpuTimes(pid);
  return user + system;
}

/** V8 heap used and committed (MB) of a role process, from its /metrics. */
export async function heapMb(url: string): Promise<{ used: number; total: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) =>
    Number(new RegExp(`^auto_promote_nodejs_${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { used: value('heap_size_used_bytes') / 2 ** 20, total: value('heap_size_total_bytes') / 2 ** 20 };
}
