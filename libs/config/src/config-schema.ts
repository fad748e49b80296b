import { z } from 'zod';
import { DEFAULT_MR_BRANCH_TEMPLATE, mrBranchTemplateProblem } from '@auto-promote/domain';

const isHttpUrl = (value: string): boolean => {
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
};

const url = (example: string) =>
  z
    .string({ error: `is required (an http(s) URL such as ${example})` })
    .trim()
    .refine(isHttpUrl, { message: `must be an http(s) URL such as ${example}` })
    .transform((v) => v.replace(/\/+$/, ''));

const required = (what: string) =>
  z
    .string({ error: `is required (${what})` })
    .trim()
    .min(1, `is required (${what})`);

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const bool = (fallback: boolean) =>
  z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
    .default(fallback)
    .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes');

/** Parses sizes such as `2mb`, `512kb` or a byte count. */
const byteSize = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const match = /^(\d+)\s*(b|kb|mb)?$/i.exec(v.trim());
      if (!match) {
        ctx.addIssue({ code: 'custom', message: 'must be a size such as 2mb, 512kb or 1048576' });
        return z.NEVER;
      }
      const unit = (match[2] ?? 'b').toLowerCase();
      return Number(match[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
    });

/**
 * Every configuration key, with its documented default. Keys are the environment variable names;
 * the README's configuration table lists the same keys.
 */
export const configSchema = z.object({
  REDIS_URL: z
    .string()
    .default('redis://127.0.0.1:6379')
    .refine((v) => /^rediss?:\/\//.test(v), { message: 'must start with redis:// or rediss://' }),
  REDIS_SENTINELS: z
    .string()
    .optional()
    .refine((v) => v === undefined || v.split(',').every((s) => /^[^\s:]+:\d{1,5}$/.test(s.trim())), {
      message: 'must be a comma-separated list of host:port',
    }),
  REDIS_SENTINEL_NAME: z.string().default('mymaster'),
  REDIS_CLUSTER_NODES: z
    .string()
    .optional()
    .refine((v) => v === undefined || v.split(',').every((s) => /^[^\s:]+:\d{1,5}$/.test(s.trim())), {
      message: 'must be a comma-separated list of host:port',
    }),
  QUEUE_PREFIX: z
    .string()
    .default('auto-promote')
    .refine((v) => /^[A-Za-z0-9{}_.-]{1,64}$/.test(v), {
      message: 'must be 1-64 characters of letters, digits, {, }, _, . or -',
    }),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  GITLAB_URL: url('https://gitlab.example.com'),
  GITLAB_TOKEN: required('a GitLab token with api scope'),
  GITLAB_WEBHOOK_SECRET: required('the secret GitLab sends as X-Gitlab-Token'),
  GITLAB_PROJECT: required('path such as p2c/k8s-deployments, or numeric id'),
  PROMOTION_MAP: z.string().default('dev=stage,stage=prod'),
  APPS_DIR: z
    .string()
    .default('manifests')
    .transform((v) => v.trim().replace(/^\/+|\/+$/g, ''))
    .refine((v) => v.length > 0 && !v.split('/').some((s) => s === '' || s === '.' || s === '..'), {
      message: 'must be a relative directory such as manifests',
    }),
  APP_NAME_STYLE: z.enum(['as-is', 'kebab']).default('as-is'),
  IMAGE_TAG_SOURCE: z.enum(['manifest', 'none']).default('manifest'),
  JENKINS_URL: url('http://jenkins.jenkins.svc.cluster.local:8080'),
  JENKINS_USER: required('Jenkins user for basic auth'),
  JENKINS_API_TOKEN: required('Jenkins API token of JENKINS_USER'),
  JENKINS_JOB: z
    .string()
    .default('promote-environment')
    .refine((v) => v.split('/').every((s) => s.length > 0 && s !== '.' && s !== '..'), {
      message: 'must be a job path such as promote-environment or folder/promote-environment',
    }),
  ADMIN_USER: z.string().optional(),
  ADMIN_PASSWORD: z.string().optional(),
  ADMIN_ALLOW_WRITE: bool(false),
  WEBHOOK_BODY_LIMIT: byteSize('2mb'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RETRY_MAX_DELAY_MS: positiveInt(60_000),
  JENKINS_POLL_INTERVAL_MS: positiveInt(2_000),
  JENKINS_RETRY_HORIZON: z.string().default('24h'),
  JENKINS_TIMEOUT_MS: positiveInt(10_000),
  GITLAB_TIMEOUT_MS: positiveInt(10_000),
  PLANNER_CONCURRENCY: positiveInt(4),
  DISPATCHER_CONCURRENCY: positiveInt(8),
  RECORD_RETENTION_DAYS: positiveInt(30),
  JENKINS_MAX_TRIGGERS_PER_SECOND: z.coerce.number().int().min(0).default(5),
  RECONCILE_INTERVAL: z.string().default('5m'),
  SHUTDOWN_TIMEOUT: z.string().default('25s'),
  REDIS_ALLOW_EVICTION: bool(false),
  METRICS_APP_LABEL: bool(false),
  GITLAB_WEBHOOK_SIGNING_KEY: z.string().optional(),
  WEBHOOK_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(0).default(20),
  GITLAB_HOOK_URL: url('https://auto-promote.example.com/webhooks/gitlab').optional(),
  GITLAB_HOOK_REPAIR: bool(false),
  GITLAB_FEEDBACK_DELAY: z.string().default('1s'),
  PROMOTION_MR_BRANCH: z
    .string()
    .default(DEFAULT_MR_BRANCH_TEMPLATE)
    .superRefine((v, ctx) => {
      const problem = mrBranchTemplateProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  PROMOTION_MR_LOOKUP_TIMEOUT: z.string().default('10m'),
  GITLAB_CLOSE_SUPERSEDED_MRS: bool(false),
  GITLAB_FEEDBACK: z
    .string()
    .default('status')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0 && s !== 'none'),
    )
    .refine((list) => list.every((s) => s === 'status' || s === 'note'), {
      message: "must be 'none' or a comma-separated list of status, note",
    }),
  /** Target branches GitLab's Deploy Freeze calendar holds; `none` turns the calendar off. */
  GITLAB_DEPLOY_FREEZE: z
    .string()
    .default('prod')
    .transform((v) =>
      v.trim() === 'none'
        ? []
        : [
            ...new Set(
              v
                .split(',')
                .map((s) => s.trim())
                .filter((s) => s.length > 0),
            ),
          ],
    )
    .refine((list) => list.every((s) => /^[^\s~^:?*[\\]+$/.test(s) && s !== 'none'), {
      message: "must be 'none' or a comma-separated list of target branches such as prod",
    }),
});

export type RawConfig = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
