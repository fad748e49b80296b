import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardSnapshot } from '@auto-promote/board-view';
import type { ChangeWay } from '@auto-promote/domain';
import { promoteEnvironmentJob } from '@auto-promote/sandbox';
import { mergeRequestOf, recordMergeRequest } from '../../support/merge-requests';
import { adminHeaders, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';
import { cli, stackEnv } from '../operations/support/cli';

// dev → stage → prod on the emulators, the promote-environment job opening real merge requests. The
// discovery of merge requests (issue 17's first half) is stood in for by `recordMergeRequest`.
let s: Stack;
let stageId: string;
let prodId: string;

const openedInto = (target: string) =>
  waitFor(`a merge request into ${target}`, () =>
    s.project.mergeRequests({ state: 'opened', targetBranch: target }).at(0),
  );

beforeAll(async () => {
  s = await startStack({ name: 'change-chain', apps: { exampleApp: '1.0.0' } });
  s.jenkins.updateJob('promote-environment', { run: promoteEnvironmentJob(s.project) });
  const devSha = await s.commitApps('dev', { exampleApp: '1.1.0' });
  stageId = `exampleApp~dev~stage~${devSha}`;
  await s.settled([stageId]);
  const stageMr = await openedInto('stage');
  await recordMergeRequest(s.infra, stageId, mergeRequestOf(s.project, stageMr.iid, s.gitlab.url));

  // Merging the stage MR pushes its merge commit to stage: the prod promotion is planned from it.
  const merged = await s.project.mergeMergeRequest(stageMr.iid);
  prodId = `exampleApp~stage~prod~${merged.mergeCommitSha ?? ''}`;
  await s.settled([prodId]);
  await recordMergeRequest(s.infra, stageId, mergeRequestOf(s.project, stageMr.iid, s.gitlab.url));
  const prodMr = await openedInto('prod');
  await recordMergeRequest(s.infra, prodId, mergeRequestOf(s.project, prodMr.iid, s.gitlab.url));
  await s.project.mergeMergeRequest(prodMr.iid);
  await recordMergeRequest(s.infra, prodId, mergeRequestOf(s.project, prodMr.iid, s.gitlab.url));
}, 60_000);

afterAll(async () => {
  await s?.stop();
});

describe('the chain of a change', () => {
  it('links the prod promotion to the stage promotion whose merge request brought its commit', async () => {
    const prod = await s.promotions.require(prodId);
    expect(prod.previous).toBe(stageId);
    expect((await s.promotions.require(stageId)).previous).toBeNull();
  });

  it('links from the merge commit index when the merge was recorded before the push was planned', async () => {
    const stage = await s.promotions.require(stageId);
    const mergeCommit = stage.mergeRequest?.mergeCommitSha ?? '';
    expect(await s.infra.chains.previousByMergeCommit('exampleApp', 'stage', [mergeCommit])).toBe(stageId);
    // Only the same app, only a promotion into the pushed branch.
    expect(await s.infra.chains.previousByMergeCommit('postgres', 'stage', [mergeCommit])).toBeNull();
    expect(await s.infra.chains.previousByMergeCommit('exampleApp', 'prod', [mergeCommit])).toBeNull();
  });

  it('GET /api/changes/:id shows the way from the dev push to prod, whichever promotion is asked', async () => {
    const answer = await fetch(`${s.url}/api/changes/${encodeURIComponent(prodId)}`, {
      headers: adminHeaders(),
    });
    expect(answer.status).toBe(200);
    const way = (await answer.json()) as ChangeWay;
    expect(way.id).toBe(stageId);
    expect(way.promotions).toEqual([stageId, prodId]);
    expect(way.steps.map((step) => `${step.kind}:${step.env}`)).toEqual([
      'push:dev',
      'promotion:stage',
      'build:stage',
      'merge-request:stage',
      'merged:stage',
      'promotion:prod',
      'build:prod',
      'merge-request:prod',
      'merged:prod',
    ]);
    expect(way.steps.filter((step) => step.kind !== 'build').every((step) => step.at !== null)).toBe(true);
    expect(way.leadTimes.map((t) => t.target)).toEqual(['stage', 'prod']);

    const fromStage = await fetch(`${s.url}/api/changes/${encodeURIComponent(stageId)}`, {
      headers: adminHeaders(),
    });
    expect(((await fromStage.json()) as ChangeWay).promotions).toEqual([stageId, prodId]);
  });

  it('GET /api/changes/:id needs the admin credentials and answers 404 for an unknown promotion', async () => {
    expect((await fetch(`${s.url}/api/changes/${encodeURIComponent(prodId)}`)).status).toBe(401);
    const unknown = await fetch(`${s.url}/api/changes/nope~dev~stage~${'0'.repeat(40)}`, {
      headers: adminHeaders(),
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: expect.stringContaining('not found') });
  });

  it('`changes --app` prints the change with each step and its lead time', async () => {
    const text = await cli(['changes', '--app', 'exampleApp'], stackEnv(s));
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`change ${stageId} (exampleApp)  lead time: stage `);
    expect(text.stdout).toMatch(/merged\s+!\d+ merged into prod/);

    const json = await cli(['changes', '--app', 'exampleApp', '--json'], stackEnv(s));
    expect(json.json<ChangeWay[]>().map((w) => w.promotions)).toEqual([[stageId, prodId]]);
    const byId = await cli(['changes', '--id', prodId, '--json'], stackEnv(s));
    expect(byId.json<ChangeWay[]>()[0]?.id).toBe(stageId);
  });

  it('the board links the merge requests of the newest promotions', async () => {
    const answer = await fetch(`${s.url}/api/board`, { headers: adminHeaders() });
    expect(answer.status).toBe(200);
    const board = (await answer.json()) as BoardSnapshot;
    const row = board.rows.find((r) => r.app === 'exampleApp');
    expect(row?.promotions['stage→prod']?.mergeRequest).toEqual({
      iid: expect.any(Number),
      url: expect.stringMatching(/\/-\/merge_requests\/\d+$/),
      state: 'merged',
    });
  });

  it('`changes` without --app or --id is a usage error', async () => {
    const run = await cli(['changes'], stackEnv(s));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--app');
  });
});
