/** Merge request records and the validation GitLab applies when one is opened. */

export type MergeRequestState = 'opened' | 'closed' | 'merged';

export interface MergeRequestNote {
  id: number;
  body: string;
  createdAt: string;
  updatedAt: string;
  system: boolean;
}

export interface MergeRequest {
  id: number;
  iid: number;
  projectId: number;
  title: string;
  description: string;
  state: MergeRequestState;
  sourceBranch: string;
  targetBranch: string;
  /** Head of the source branch: follows the branch while open, frozen once merged. */
  sha: string;
  mergeCommitSha: string | null;
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  closedAt: string | null;
  shouldRemoveSourceBranch: boolean;
  notes: MergeRequestNote[];
}

export interface MergeRequestInput {
  sourceBranch: string;
  targetBranch: string;
  title: string;
  description?: string;
  removeSourceBranch?: boolean;
}

/** A refused merge request operation, carrying GitLab's HTTP status and body. */
export class MergeRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(typeof body['message'] === 'string' ? body['message'] : JSON.stringify(body));
    this.name = 'MergeRequestError';
  }
}

export class MergeRequestStore {
  private readonly items: MergeRequest[] = [];

  constructor(
    private readonly projectId: number,
    private readonly nextId: () => number,
  ) {}

  create(input: MergeRequestInput, sourceHead: string | undefined, targetExists: boolean, now: string) {
    if (input.sourceBranch === input.targetBranch) {
      throw new MergeRequestError(422, {
        message: ["You can't use same project/branch for source and target"],
      });
    }
    if (sourceHead === undefined) {
      throw new MergeRequestError(422, { message: [`Source branch "${input.sourceBranch}" does not exist`] });
    }
    if (!targetExists) {
      throw new MergeRequestError(422, { message: [`Target branch "${input.targetBranch}" does not exist`] });
    }
    const duplicate = this.items.find(
      (mr) =>
        mr.state === 'opened' &&
        mr.sourceBranch === input.sourceBranch &&
        mr.targetBranch === input.targetBranch,
    );
    if (duplicate) {
      throw new MergeRequestError(409, {
        message: [`Another open merge request already exists for this source branch: !${duplicate.iid}`],
      });
    }
    const mr: MergeRequest = {
      id: this.nextId(),
      iid: this.items.length + 1,
      projectId: this.projectId,
      title: input.title,
      description: input.description ?? '',
      state: 'opened',
      sourceBranch: input.sourceBranch,
      targetBranch: input.targetBranch,
      sha: sourceHead,
      mergeCommitSha: null,
      createdAt: now,
      updatedAt: now,
      mergedAt: null,
      closedAt: null,
      shouldRemoveSourceBranch: input.removeSourceBranch ?? false,
      notes: [],
    };
    this.items.push(mr);
    return mr;
  }

  /** The live record; throws GitLab's 404 when unknown. */
  get(iid: number): MergeRequest {
    const mr = this.items.find((item) => item.iid === iid);
    if (!mr) throw new MergeRequestError(404, { message: '404 Not found' });
    return mr;
  }

  list(filter: { state?: string; sourceBranch?: string; targetBranch?: string } = {}): MergeRequest[] {
    const state = filter.state ?? 'all';
    return this.items
      .filter(
        (mr) =>
          (state === 'all' || mr.state === state) &&
          (filter.sourceBranch === undefined || mr.sourceBranch === filter.sourceBranch) &&
          (filter.targetBranch === undefined || mr.targetBranch === filter.targetBranch),
      )
      .sort((a, b) => b.iid - a.iid); // GitLab's default order: created_at desc
  }

  /** Open MRs from `branch` follow its head, as GitLab refreshes them on push. */
  refreshSource(branch: string, head: string, now: string): void {
    for (const mr of this.items) {
      if (mr.state === 'opened' && mr.sourceBranch === branch && mr.sha !== head) {
        mr.sha = head;
        mr.updatedAt = now;
      }
    }
  }

  /** PUT …/merge_requests/:iid state_event=close: only an open MR can be closed. */
  close(mr: MergeRequest, now: string): void {
    if (mr.state !== 'opened') throw new MergeRequestError(405, { message: '405 Method Not Allowed' });
    mr.state = 'closed';
    mr.closedAt = now;
    mr.updatedAt = now;
  }

  /** state_event=reopen: only a closed MR reopens. */
  reopen(mr: MergeRequest, now: string): void {
    if (mr.state !== 'closed') throw new MergeRequestError(405, { message: '405 Method Not Allowed' });
    mr.state = 'opened';
    mr.closedAt = null;
    mr.updatedAt = now;
  }

  markMerged(mr: MergeRequest, mergeCommitSha: string, sourceHead: string, now: string): void {
    mr.state = 'merged';
    mr.sha = sourceHead;
    mr.mergeCommitSha = mergeCommitSha;
    mr.mergedAt = now;
    mr.updatedAt = now;
  }

  addNote(mr: MergeRequest, body: string, id: number, now: string): MergeRequestNote {
    const note: MergeRequestNote = { id, body, createdAt: now, updatedAt: now, system: false };
    mr.notes.push(note);
    mr.updatedAt = now;
    return note;
  }
}
