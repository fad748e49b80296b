import { MAX_POLL_DELAY_MS } from '@auto-promote/dispatcher';

/** Growth of the wait between two status polls (README: "grows 1.5× per check up to 30 s"). */
const POLL_GROWTH = 1.5;

export interface PollSchedule {
  /** Status polls of the builds queue until the one that sees the result. */
  polls: number;
  /** Jenkins calls of the promotion: the trigger, the queue item (first poll), then one per poll. */
  jenkinsCalls: number;
}

/**
 * Jenkins calls of one promotion whose build starts at once and takes `buildMs`, by the dispatcher's
 * documented schedule: the first poll JENKINS_POLL_INTERVAL_MS after the trigger reads the queue item
 * and the build, each later one only the build, waits growing 1.5× up to MAX_POLL_DELAY_MS.
 */
export function pollSchedule(buildMs: number, firstDelayMs: number): PollSchedule {
  let at = firstDelayMs;
  let delay = firstDelayMs;
  let polls = 1;
  while (at < buildMs) {
    delay = Math.min(Math.round(delay * POLL_GROWTH), MAX_POLL_DELAY_MS);
    at += delay;
    polls += 1;
  }
  return { polls, jenkinsCalls: 1 + 1 + polls };
}
