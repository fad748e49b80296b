import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parsePromotionMap, type PromotionMap } from '@auto-promote/domain';
import { configSchema, type ParsedConfig } from './config-schema';
import { parseDuration } from './duration';
import { ConfigError } from './errors/config-error';

/** The validated configuration every role receives. Built once by `loadConfig`. */
export interface Config {
  redis: {
    url: string;
    prefix: string;
    /** Set when REDIS_SENTINELS is: the master is found through these sentinels. */
    sentinel: { sentinels: Array<{ host: string; port: number }>; name: string } | null;
    /** Set when REDIS_CLUSTER_NODES is: the seed nodes of a Redis Cluster (every connection is a Cluster client). */
    cluster: { nodes: Array<{ host: string; port: number }> } | null;
  };
  http: {
    host: string;
    port: number;
    bodyLimitBytes: number;
    /** Failed webhook authentications allowed per source address and minute before 429 (0 = no limit). */
    authFailuresPerMinute: number;
  };
  gitlab: {
    url: string;
    token: string;
    /** Accepted X-Gitlab-Token values; several during a rotation. */
    webhookSecrets: string[];
    /** Numeric id or path of the deployments repository. */
    project: string;
    timeoutMs: number;
    /** GitLab's signing token (webhook-signature, HMAC-SHA256); when set, deliveries must be signed. */
    signingKey: string | null;
    /** What auto-promote reports back to GitLab: commit statuses, merge request notes. */
    /**
     * What is reported back to GitLab, and how long a push's feedback waits after a transition so that
     * the transitions of that window (planned, queued, running…) make one commit status, not one each.
     */
    feedback: { status: boolean; note: boolean; delayMs: number };
    /**
     * auto-promote's project hook: its public URL (null = any hook ending in /webhooks/gitlab, as `doctor`
     * matches) and whether the reconciler re-enables it when GitLab disabled it (GITLAB_HOOK_REPAIR).
     */
    hook: { url: string | null; repair: boolean };
    /**
     * Target branches GitLab's Deploy Freeze calendar (the project's freeze periods) holds promotions into
     * (GITLAB_DEPLOY_FREEZE); empty = the calendar is not read.
     */
    deployFreezeTargets: string[];
  };
  promotion: {
    map: PromotionMap;
    appsDir: string;
    appNameStyle: 'as-is' | 'kebab';
    imageTagSource: 'manifest' | 'none';
  };
  jenkins: {
    url: string;
    user: string;
    apiToken: string;
    job: string;
    timeoutMs: number;
    pollIntervalMs: number;
    retryHorizonMs: number;
    /** Triggers per second across all dispatchers; 0 = unlimited. */
    maxTriggersPerSecond: number;
  };
  reconcile: { intervalMs: number };
  /** The merge request each successful build opened (issue 17). */
  mergeRequests: {
    /** PROMOTION_MR_BRANCH: the source branch the job opens it from, with placeholders. */
    branchTemplate: string;
    /** PROMOTION_MR_LOOKUP_TIMEOUT: how long after the build it is looked for before `none` is recorded. */
    lookupTimeoutMs: number;
    /** GITLAB_CLOSE_SUPERSEDED_MRS: close an older open one once a newer promotion has its own. */
    closeSuperseded: boolean;
  };
  /** Null when ADMIN_USER/ADMIN_PASSWORD are unset: the API and dashboard are then not mounted. */
  admin: { user: string; password: string; allowWrite: boolean } | null;
  retry: { maxDelayMs: number };
  redisPolicy: { allowEviction: boolean };
  shutdown: { timeoutMs: number };
  workers: { plannerConcurrency: number; dispatcherConcurrency: number };
  retention: { recordDays: number };
  /** `appLabel`: the lead-time histograms carry an `app` label (METRICS_APP_LABEL). */
  metrics: { appLabel: boolean };
  logLevel: ParsedConfig['LOG_LEVEL'];
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Path of a YAML file with the same keys; defaults to env.AUTO_PROMOTE_CONFIG. Environment wins over the file. */
  file?: string;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([
      `AUTO_PROMOTE_CONFIG: cannot read ${path} (${(error as NodeJS.ErrnoException).code})`,
    ]);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch {
    throw new ConfigError([`AUTO_PROMOTE_CONFIG: ${path} is not valid YAML`]);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError([`AUTO_PROMOTE_CONFIG: ${path} must hold a mapping of KEY: value`]);
  }
  // Values in YAML may be numbers or booleans; the schema coerces strings, so stringify scalars.
  return Object.fromEntries(
    Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [
      k,
      typeof v === 'number' || typeof v === 'boolean' ? String(v) : v,
    ]),
  );
}

/** Empty strings in the environment mean "unset", as they do for most twelve-factor services. */
function withoutEmpty(source: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
}

/** `host:port,host:port` as addresses. */
function hostPorts(list: string, defaultPort: number): Array<{ host: string; port: number }> {
  return list.split(',').map((entry) => {
    const [host = '', port = String(defaultPort)] = entry.trim().split(':');
    return { host, port: Number(port) };
  });
}

/**
 * Redis Cluster needs every key of a Lua script (BullMQ's and ours) in one slot: the prefix must be a hash tag
 * such as `{auto-promote}` (the first `{…}` of a key is what Redis hashes, and every key starts with the
 * prefix). Sentinel and Cluster exclude each other.
 */
function clusterProblems(merged: Record<string, unknown>): string[] {
  if (merged['REDIS_CLUSTER_NODES'] === undefined) return [];
  const problems: string[] = [];
  const prefix = merged['QUEUE_PREFIX'] ?? 'auto-promote';
  if (typeof prefix === 'string' && !/^[^{}]*\{[^{}]+\}/.test(prefix)) {
    problems.push(
      `QUEUE_PREFIX: must be a hash tag such as {auto-promote} with REDIS_CLUSTER_NODES (is '${prefix}'): ` +
        'Redis Cluster runs a Lua script only when all its keys hash to one slot, and only a hash-tagged prefix puts every key of the service and of BullMQ there',
    );
  }
  if (merged['REDIS_SENTINELS'] !== undefined) {
    problems.push(
      'REDIS_CLUSTER_NODES / REDIS_SENTINELS: set one or neither (Redis Cluster and Sentinel are different deployments)',
    );
  }
  return problems;
}

/** Validates the whole configuration at once and throws one ConfigError naming every bad key. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const file = options.file ?? env['AUTO_PROMOTE_CONFIG'];
  const fromFile = file ? readConfigFile(file) : {};
  const known = Object.keys(configSchema.shape);
  const fromEnv = Object.fromEntries(known.map((key) => [key, env[key]]));
  const merged = { ...withoutEmpty(fromFile), ...withoutEmpty(fromEnv) };
  // A setting as text: a string as it is; anything else a file may hold (a list, a map) as JSON, for the message.
  const text = (key: string, fallback: string): string => {
    const value = merged[key] ?? fallback;
    return typeof value === 'string' ? value : JSON.stringify(value);
  };

  const problems: string[] = [];
  const unknownFileKeys = Object.keys(fromFile).filter(
    (k) => !known.includes(k) && k !== 'AUTO_PROMOTE_CONFIG',
  );
  for (const key of unknownFileKeys) problems.push(`${key}: unknown key in ${file}`);

  const result = configSchema.safeParse(merged);
  if (!result.success) {
    for (const issue of result.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
  }

  let map: PromotionMap | null = null;
  try {
    map = parsePromotionMap(text('PROMOTION_MAP', 'dev=stage,stage=prod'));
  } catch (error) {
    problems.push(`PROMOTION_MAP: ${(error as Error).message}`);
  }

  const durations = {
    JENKINS_RETRY_HORIZON: parseDuration(text('JENKINS_RETRY_HORIZON', '24h')),
    RECONCILE_INTERVAL: parseDuration(text('RECONCILE_INTERVAL', '5m')),
    SHUTDOWN_TIMEOUT: parseDuration(text('SHUTDOWN_TIMEOUT', '25s')),
  };
  // 0 is allowed here: merge requests are not looked for.
  const mrLookupMs = parseDuration(text('PROMOTION_MR_LOOKUP_TIMEOUT', '10m'));
  if (mrLookupMs === null)
    problems.push('PROMOTION_MR_LOOKUP_TIMEOUT: must be a duration such as 10m or 90s, or 0');
  // 0 is allowed here: feedback right after every transition (no coalescing).
  const feedbackDelayMs = parseDuration(text('GITLAB_FEEDBACK_DELAY', '1s'));
  if (feedbackDelayMs === null)
    problems.push('GITLAB_FEEDBACK_DELAY: must be a duration such as 1s or 500ms, or 0');
  for (const [key, value] of Object.entries(durations)) {
    if (value === null || value <= 0)
      problems.push(`${key}: must be a duration such as 24h, 90m, 30s or 500ms`);
  }
  const horizon = durations.JENKINS_RETRY_HORIZON;

  const adminUser = merged['ADMIN_USER'];
  const adminPassword = merged['ADMIN_PASSWORD'];
  if ((adminUser === undefined) !== (adminPassword === undefined)) {
    problems.push('ADMIN_USER / ADMIN_PASSWORD: set both or neither');
  }

  problems.push(...clusterProblems(merged));

  if (!result.success || problems.length > 0 || map === null || horizon === null) {
    throw new ConfigError([...new Set(problems)].sort());
  }
  const c = result.data;
  const webhookSecrets = c.GITLAB_WEBHOOK_SECRET.split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

  return {
    redis: {
      url: c.REDIS_URL,
      prefix: c.QUEUE_PREFIX,
      sentinel: c.REDIS_SENTINELS
        ? {
            sentinels: hostPorts(c.REDIS_SENTINELS, 26379),
            name: c.REDIS_SENTINEL_NAME,
          }
        : null,
      cluster: c.REDIS_CLUSTER_NODES ? { nodes: hostPorts(c.REDIS_CLUSTER_NODES, 6379) } : null,
    },
    http: {
      host: c.HOST,
      port: c.PORT,
      bodyLimitBytes: c.WEBHOOK_BODY_LIMIT,
      authFailuresPerMinute: c.WEBHOOK_AUTH_FAILURES_PER_MINUTE,
    },
    gitlab: {
      url: c.GITLAB_URL,
      token: c.GITLAB_TOKEN,
      webhookSecrets,
      project: c.GITLAB_PROJECT,
      timeoutMs: c.GITLAB_TIMEOUT_MS,
      signingKey: c.GITLAB_WEBHOOK_SIGNING_KEY ?? null,
      feedback: {
        status: c.GITLAB_FEEDBACK.includes('status'),
        note: c.GITLAB_FEEDBACK.includes('note'),
        delayMs: feedbackDelayMs ?? 1_000,
      },
      hook: { url: c.GITLAB_HOOK_URL ?? null, repair: c.GITLAB_HOOK_REPAIR },
      deployFreezeTargets: c.GITLAB_DEPLOY_FREEZE,
    },
    promotion: {
      map,
      appsDir: c.APPS_DIR,
      appNameStyle: c.APP_NAME_STYLE,
      imageTagSource: c.IMAGE_TAG_SOURCE,
    },
    jenkins: {
      url: c.JENKINS_URL,
      user: c.JENKINS_USER,
      apiToken: c.JENKINS_API_TOKEN,
      job: c.JENKINS_JOB,
      timeoutMs: c.JENKINS_TIMEOUT_MS,
      pollIntervalMs: c.JENKINS_POLL_INTERVAL_MS,
      retryHorizonMs: horizon,
      maxTriggersPerSecond: c.JENKINS_MAX_TRIGGERS_PER_SECOND,
    },
    reconcile: { intervalMs: durations.RECONCILE_INTERVAL ?? 300_000 },
    mergeRequests: {
      branchTemplate: c.PROMOTION_MR_BRANCH,
      lookupTimeoutMs: mrLookupMs ?? 600_000,
      closeSuperseded: c.GITLAB_CLOSE_SUPERSEDED_MRS,
    },
    redisPolicy: { allowEviction: c.REDIS_ALLOW_EVICTION },
    shutdown: { timeoutMs: durations.SHUTDOWN_TIMEOUT ?? 25_000 },
    admin:
      c.ADMIN_USER !== undefined && c.ADMIN_PASSWORD !== undefined
        ? { user: c.ADMIN_USER, password: c.ADMIN_PASSWORD, allowWrite: c.ADMIN_ALLOW_WRITE }
        : null,
    retry: { maxDelayMs: c.RETRY_MAX_DELAY_MS },
    workers: { plannerConcurrency: c.PLANNER_CONCURRENCY, dispatcherConcurrency: c.DISPATCHER_CONCURRENCY },
    retention: { recordDays: c.RECORD_RETENTION_DAYS },
    metrics: { appLabel: c.METRICS_APP_LABEL },
    logLevel: c.LOG_LEVEL,
  };
}
