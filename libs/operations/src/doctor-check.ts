import type { RedisClient } from '@auto-promote/redis';
import type { Config } from '@auto-promote/config';
import type { GitLabClient } from '@auto-promote/gitlab';
import type { JenkinsClient } from '@auto-promote/jenkins';

export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One line of `auto-promote doctor`. */
export interface DoctorCheck {
  group: 'Redis' | 'GitLab' | 'Jenkins';
  name: string;
  status: CheckStatus;
  detail: string;
  /** What to do about a warning or failure. */
  fix?: string;
}

export interface DoctorReport {
  /** False when any check failed (warnings do not count). */
  ok: boolean;
  checks: DoctorCheck[];
}

export interface DoctorDeps {
  config: Pick<Config, 'redis' | 'gitlab' | 'promotion' | 'jenkins' | 'redisPolicy'>;
  /** The Redis connection to check and watch; its owner closes it. */
  connectRedis: () => Promise<RedisClient>;
  gitlab: GitLabClient;
  jenkins: JenkinsClient;
}

export interface DoctorOptions {
  /** The ingress's public webhook URL: the hook must point there. Default: any hook ending in /webhooks/gitlab. */
  url?: string;
  /** Ask GitLab to send the hook a test push and confirm the ingress got it. Default true. */
  testPush?: boolean;
  /** How long to wait for the ingress to record the test push. Default 10 000 ms. */
  deliveryTimeoutMs?: number;
}

export const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
