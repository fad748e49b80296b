import { GitLabEmulator, JenkinsEmulator } from '@auto-promote/emulators';
import { manifest } from '../../support/stack';
import { waitFor } from '../../support/wait-for';
import type { Json } from './real-fixtures';

const TOKEN = 'glpat-fidelity-emulator';
const PROJECT = 'p2c/k8s-deployments';

/** What the GitLab emulator answers on every endpoint the product calls, for a small seeded project. */
export interface GitLabAnswers {
  project: Json;
  branch: Json;
  commit: Json;
  compare: Json;
  tree: Json;
  user: Json;
  commitDiff: Json;
  mergeRequests: Json;
  /** GET merge_requests?source_branch&target_branch&created_after (issue 17's lookup). */
  mergeRequestList: Json;
  mergeRequest: Json;
  mergeRequestCommits: Json;
  /** PUT merge_requests/:iid state_event=close, on a second merge request. */
  mergeRequestClosed: Json;
  status: Json;
  note: Json;
  hooks: Json;
}

/** The emulator's answers to every call the product makes; `olderGitLab` answers like an older version. */
export async function collectGitLabAnswers(options: { olderGitLab?: boolean } = {}): Promise<GitLabAnswers> {
  const gitlab = await GitLabEmulator.start({ token: TOKEN, ...options });
  try {
    const project = await gitlab.createProject({ path: PROJECT });
    const first = await project.commit({
      branch: 'main',
      message: 'seed',
      files: { 'manifests/a/a.yaml': manifest('a', '1') },
    });
    await project.createBranch('feature', 'main');
    const head = await project.commit({
      branch: 'feature',
      message: 'update a, add b\n\nwith a body',
      files: { 'manifests/a/a.yaml': manifest('a', '2'), 'manifests/b/b.yaml': manifest('b', '1') },
    });
    const mr = await project.createMergeRequest({
      sourceBranch: 'feature',
      targetBranch: 'main',
      title: 'a2',
    });
    project.addHook({ url: 'http://127.0.0.1:9/webhooks/gitlab', token: 'secret', push_events: true });

    const api = `${gitlab.url}/api/v4`;
    const p = `${api}/projects/${encodeURIComponent(PROJECT)}`;
    const call = async (path: string, init: RequestInit = {}): Promise<Json> => {
      const response = await fetch(`${path}`, { ...init, headers: { 'PRIVATE-TOKEN': TOKEN } });
      if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as Json;
    };
    return {
      project: await call(p),
      branch: await call(`${p}/repository/branches/feature`),
      commit: await call(`${p}/repository/commits/${head}`),
      compare: await call(`${p}/repository/compare?from=${first}&to=${head}&straight=true`),
      tree: await call(`${p}/repository/tree?path=manifests&ref=feature&per_page=100`),
      user: await call(`${api}/user`),
      commitDiff: await call(`${p}/repository/commits/${head}/diff?per_page=100`),
      mergeRequests: await call(`${p}/repository/commits/${head}/merge_requests`),
      status: await call(`${p}/statuses/${head}?state=running&name=auto-promote&ref=feature`, {
        method: 'POST',
      }),
      note: await call(`${p}/merge_requests/${mr.iid}/notes?body=promoted`, { method: 'POST' }),
      hooks: await call(`${p}/hooks`),
      ...(await mergeRequestAnswers(project, call, p, mr.iid, first)),
    };
  } finally {
    await gitlab.stop();
  }
}

/** The merge request reads and the close of issue 17, on the seeded project. */
async function mergeRequestAnswers(
  project: Awaited<ReturnType<GitLabEmulator['createProject']>>,
  call: (path: string, init?: RequestInit) => Promise<Json>,
  p: string,
  iid: number,
  base: string,
) {
  const since = new Date(Date.now() - 60_000).toISOString();
  await project.createBranch('older', base);
  await project.commit({ branch: 'older', message: 'older', files: { 'manifests/a/a.yaml': 'a: 0\n' } });
  const older = await project.createMergeRequest({
    sourceBranch: 'older',
    targetBranch: 'main',
    title: 'a0',
  });
  return {
    mergeRequestList: await call(
      `${p}/merge_requests?source_branch=feature&target_branch=main&created_after=${encodeURIComponent(since)}&per_page=20`,
    ),
    mergeRequest: await call(`${p}/merge_requests/${iid}`),
    mergeRequestCommits: await call(`${p}/merge_requests/${iid}/commits?per_page=100`),
    mergeRequestClosed: await call(`${p}/merge_requests/${older.iid}?state_event=close`, { method: 'PUT' }),
  };
}

/** What the Jenkins emulator answers for the job, a build, and a queue item waiting, left and cancelled. */
export interface JenkinsAnswers {
  job: Json;
  build: Json;
  queue: Json;
  allBuilds: Json;
  queueItemPending: Json;
  queueItemRunning: Json;
  queueItemCancelled: Json;
}

export async function collectJenkinsAnswers(): Promise<JenkinsAnswers> {
  const jenkins = await JenkinsEmulator.start({ users: { bot: { apiToken: 'token' } } });
  const job = 'promote-environment';
  jenkins.defineJob(job, {
    parameters: [
      { name: 'APP_NAME', type: 'string', description: 'the app' },
      { name: 'DRY_RUN', type: 'boolean', default: 'false' },
    ],
  });
  const auth = `Basic ${Buffer.from('bot:token').toString('base64')}`;
  const call = async (path: string): Promise<Json> => {
    const response = await fetch(`${jenkins.url}${path}`, { headers: { Authorization: auth } });
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    return (await response.json()) as Json;
  };
  const trigger = async (app: string): Promise<number> => {
    const response = await fetch(`${jenkins.url}/job/${job}/buildWithParameters`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ APP_NAME: app, delay: '0sec' }),
    });
    if (response.status !== 201) throw new Error(`trigger: ${response.status}`);
    return Number(/\/queue\/item\/(\d+)\/?$/.exec(response.headers.get('location') ?? '')?.[1]);
  };
  const item = (id: number) => call(`/queue/item/${id}/api/json`);
  try {
    const ran = await trigger('ran');
    const build = await waitFor('the build of the first item', () =>
      jenkins.builds(job).find((b) => !b.building),
    );
    const queueItemRunning = await item(ran);
    jenkins.pauseQueue();
    const waiting = await trigger('waits');
    const cancelled = await trigger('cancelled');
    const queueItemPending = await item(waiting);
    const queue = await call('/queue/api/json');
    if (!jenkins.cancelQueueItem(cancelled)) throw new Error('the item could not be cancelled');
    const queueItemCancelled = await item(cancelled);
    return {
      job: await call(`/job/${job}/api/json`),
      build: await call(`/job/${job}/${build.number}/api/json`),
      queue,
      allBuilds: await call(`/job/${job}/api/json?tree=allBuilds[number,url,queueId,building,result]{0,100}`),
      queueItemPending,
      queueItemRunning,
      queueItemCancelled,
    };
  } finally {
    await jenkins.stop();
  }
}
