/**
 * External commit statuses (POST /projects/:id/statuses/:sha). GitLab only reuses a status that is still
 * pending or running for the same sha+ref+name; finished ones start a new job. Moving the reused job through its
 * state machine can fail, which the API reports as 400 "Cannot transition status via :<event> from :<state>".
 */

export const STATUS_STATES = ['pending', 'running', 'success', 'failed', 'canceled', 'skipped'] as const;
export type StatusState = (typeof STATUS_STATES)[number];

export interface CommitStatus {
  id: number;
  sha: string;
  ref: string;
  status: StatusState;
  name: string;
  targetUrl: string | null;
  description: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  pipelineId: number;
  coverage: number | null;
}

type JobState = StatusState | 'created';

/** The events the API fires for each requested state, with the states each event may leave. */
const EVENTS: Record<StatusState, { event: string; from: readonly JobState[] }> = {
  pending: { event: 'enqueue', from: ['created'] },
  running: { event: 'run', from: ['created', 'pending'] },
  success: { event: 'success', from: ['created', 'pending', 'running'] },
  failed: { event: 'drop', from: ['created', 'pending', 'running'] },
  canceled: { event: 'cancel', from: ['created', 'pending', 'running'] },
  skipped: { event: 'skip', from: ['created', 'pending'] },
};

export type TransitionResult = { ok: true } | { ok: false; message: string };

export function transition(from: JobState, to: StatusState): TransitionResult {
  const { event, from: allowed } = EVENTS[to];
  if (allowed.includes(from)) return { ok: true };
  return {
    ok: false,
    message: `Cannot transition status via :${event} from :${from} (Reason(s): Status cannot transition via "${event}")`,
  };
}

export function isStatusState(value: unknown): value is StatusState {
  return typeof value === 'string' && (STATUS_STATES as readonly string[]).includes(value);
}

export interface StatusRequest {
  sha: string;
  ref: string;
  state: StatusState;
  name: string;
  targetUrl?: string;
  description?: string;
}

export class CommitStatusStore {
  private readonly statuses: CommitStatus[] = [];
  private readonly pipelines = new Map<string, number>();

  constructor(
    private readonly nextId: () => number,
    private readonly nextPipelineId: () => number,
  ) {}

  /** Applies a status change; throws StatusTransitionError when GitLab would answer 400. */
  apply(request: StatusRequest, now: string): CommitStatus {
    const live = this.statuses.find(
      (status) =>
        status.sha === request.sha &&
        status.ref === request.ref &&
        status.name === request.name &&
        (status.status === 'pending' || status.status === 'running'),
    );
    const result = transition(live?.status ?? 'created', request.state);
    if (!result.ok) throw new StatusTransitionError(result.message);
    const status: CommitStatus = live ?? {
      id: this.nextId(),
      sha: request.sha,
      ref: request.ref,
      status: request.state,
      name: request.name,
      targetUrl: null,
      description: null,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      pipelineId: this.pipelineFor(request.sha, request.ref),
      coverage: null,
    };
    status.status = request.state;
    if (request.targetUrl !== undefined) status.targetUrl = request.targetUrl;
    if (request.description !== undefined) status.description = request.description;
    if (request.state === 'running') status.startedAt ??= now;
    if (request.state !== 'pending' && request.state !== 'running') status.finishedAt = now;
    if (!live) this.statuses.push(status);
    return { ...status };
  }

  /** Statuses of a commit, oldest first; without `all`, only the latest per name and ref. */
  list(sha: string, filter: { ref?: string; name?: string; all?: boolean } = {}): CommitStatus[] {
    const matching = this.statuses.filter(
      (status) =>
        status.sha === sha &&
        (filter.ref === undefined || status.ref === filter.ref) &&
        (filter.name === undefined || status.name === filter.name),
    );
    if (filter.all) return matching.map((status) => ({ ...status }));
    const latest = new Map<string, CommitStatus>();
    for (const status of matching) latest.set(`${status.name}\0${status.ref}`, status);
    return [...latest.values()].sort((a, b) => a.id - b.id).map((status) => ({ ...status }));
  }

  private pipelineFor(sha: string, ref: string): number {
    const key = `${sha}\0${ref}`;
    let id = this.pipelines.get(key);
    if (id === undefined) {
      id = this.nextPipelineId();
      this.pipelines.set(key, id);
    }
    return id;
  }
}

export class StatusTransitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StatusTransitionError';
  }
}
