/** What the Jenkins client is configured with and what it answers. */
export interface JenkinsClientOptions {
  url: string;
  user: string;
  apiToken: string;
  /** Job path, folders as `folder/job`. */
  job: string;
  timeoutMs?: number;
  /** Called around every request, e.g. to time it into a histogram. */
  instrument?: <T>(operation: string, call: () => Promise<T>) => Promise<T>;
}

export interface TriggerResult {
  queueId: number;
  queueUrl: string;
  /** Jenkins answered 303: an identical item was already waiting and this request was merged into it. */
  merged: boolean;
}

export interface BuildRef {
  number: number;
  url: string;
}

export interface QueueItemState {
  id: number;
  cancelled: boolean;
  executable: BuildRef | null;
  why: string | null;
}

export interface BuildState {
  number: number;
  url: string;
  queueId: number | null;
  building: boolean;
  /** Null while the build runs; then SUCCESS, UNSTABLE, FAILURE, NOT_BUILT or ABORTED. */
  result: string | null;
}

export interface JobInfo {
  buildable: boolean;
  parameters: string[];
}
