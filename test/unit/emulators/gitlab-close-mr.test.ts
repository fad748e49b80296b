import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitLabEmulator } from '@auto-promote/emulators';

const TOKEN = 'close-mr-token';
let gitlab: GitLabEmulator;

beforeAll(async () => {
  gitlab = await GitLabEmulator.start({ token: TOKEN });
});
afterAll(async () => {
  await gitlab.stop();
});

describe('closing a merge request', () => {
  it('PUT state_event=close closes an open MR; closing it again is 405', async () => {
    const project = await gitlab.createProject({ path: 'g/p' });
    await project.commit({ branch: 'main', files: { a: '1' }, message: 'init' });
    await project.commit({ branch: 'feature', startBranch: 'main', files: { a: '2' }, message: 'change' });
    const mr = await project.createMergeRequest({
      sourceBranch: 'feature',
      targetBranch: 'main',
      title: 'T',
    });
    const put = (body: unknown) =>
      fetch(`${gitlab.url}/api/v4/projects/${project.id}/merge_requests/${mr.iid}`, {
        method: 'PUT',
        headers: { 'PRIVATE-TOKEN': TOKEN, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const closed = await put({ state_event: 'close' });
    expect(closed.status).toBe(200);
    expect(await closed.json()).toMatchObject({ iid: mr.iid, state: 'closed' });
    expect(project.mergeRequests({ state: 'opened' })).toEqual([]);
    expect((await put({ state_event: 'close' })).status).toBe(405);
    expect((await put({ state_event: 'explode' })).status).toBe(400);
  });
});
