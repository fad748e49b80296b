import { performance } from 'node:perf_hooks';
import type { RedisClient } from '@auto-promote/redis';
import type { GitLabEmulator, JenkinsEmulator } from '@auto-promote/emulators';
import { describeCalls, gitlabCalls, jenkinsCalls, type CallCount } from './api-calls';
import { cpuTimes } from './process-stats';
import {
  commandStats,
  commandsBetween,
  topCommands,
  totalCommands,
  type CommandCounts,
} from './redis-commands';

/** A point of a scenario to measure a service's cost from. */
export interface CostMark {
  at: number;
  cpuMs: number;
  systemMs: number;
  commands: CommandCounts;
  gitlabRequests: number;
  jenkinsRequests: number;
}

/** What a service cost between a mark and now, all of it seen from outside the service. */
export interface Cost {
  seconds: number;
  /** user + system CPU of the service process (/proc). */
  cpuMs: number;
  /** The system part of it: the kernel's work for the process (socket writes and reads, mostly). */
  systemMs: number;
  /** Every command Redis ran, by name, scripts' commands included (INFO commandstats). */
  commands: CommandCounts;
  gitlab: { reads: CallCount; writes: CallCount };
  jenkins: CallCount;
}

/** A cost divided by a number of promotions, with the breakdowns as short notes. */
export interface CostPerPromotion {
  cpuMs: number;
  systemMs: number;
  commands: number;
  /** The most frequent commands: "evalsha 9.1, hget 6" per promotion. */
  topCommands: string;
  gitlabRequests: number;
  gitlabNote: string;
  jenkinsRequests: number;
  jenkinsNote: string;
}

/**
 * Measures one service process black-box: its CPU from /proc, the commands Redis ran from INFO
 * commandstats (server-wide: the Redis must serve nothing else meanwhile, and the `redis` client given
 * here must be quiet between marks but for the INFO each mark sends), and the requests the GitLab and
 * Jenkins emulators answered, from their request logs.
 */
export class CostMeter {
  constructor(
    private readonly pid: number,
    private readonly redis: RedisClient,
    private readonly emulators: { gitlab: GitLabEmulator; jenkins: JenkinsEmulator },
  ) {}

  async mark(): Promise<CostMark> {
    const commands = await commandStats(this.redis);
    const { user, system } = await cpuTimes(this.pid);
    return {
      commands,
      cpuMs: user + system,
      systemMs: system,
      gitlabRequests: this.emulators.gitlab.requests.length,
      jenkinsRequests: this.emulators.jenkins.requests.length,
      at: performance.now(),
    };
  }

  async since(mark: CostMark): Promise<Cost> {
    const { user, system } = await cpuTimes(this.pid);
    return {
      seconds: (performance.now() - mark.at) / 1000,
      cpuMs: user + system - mark.cpuMs,
      systemMs: system - mark.systemMs,
      commands: commandsBetween(mark.commands, await commandStats(this.redis)),
      gitlab: gitlabCalls(this.emulators.gitlab, mark.gitlabRequests),
      jenkins: jenkinsCalls(this.emulators.jenkins, mark.jenkinsRequests),
    };
  }

  /** The cost of `work` alone. */
  async measure(work: () => Promise<unknown>): Promise<Cost> {
    const mark = await this.mark();
    await work();
    return this.since(mark);
  }
}

export function perPromotion(cost: Cost, promotions: number, top = 15): CostPerPromotion {
  const { reads, writes } = cost.gitlab;
  return {
    cpuMs: cost.cpuMs / promotions,
    systemMs: cost.systemMs / promotions,
    commands: totalCommands(cost.commands) / promotions,
    topCommands: topCommands(cost.commands, top)
      .map(([name, calls]) => `${name} ${+(calls / promotions).toFixed(2)}`)
      .join(', '),
    gitlabRequests: (reads.total + writes.total) / promotions,
    gitlabNote: `reads: ${describeCalls(reads, promotions)}; writes: ${describeCalls(writes, promotions)}`,
    jenkinsRequests: cost.jenkins.total / promotions,
    jenkinsNote: describeCalls(cost.jenkins, promotions),
  };
}

/** The top commands as an aligned list for the progress log: name, calls per promotion, calls. */
export function commandTable(cost: Cost, promotions: number, top = 15): string {
  return topCommands(cost.commands, top)
    .map(
      ([name, calls]) => `    ${name.padEnd(22)} ${(calls / promotions).toFixed(2).padStart(8)}  (${calls})`,
    )
    .join('\n');
}
