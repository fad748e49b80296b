import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  manifestPath,
  SandboxClient,
  startSandbox,
  type Sandbox,
  type SandboxPromotion,
} from '@auto-promote/sandbox';
import { promotionTitle, retagManifest, runDemo } from '@auto-promote/sandbox';
import { uniquePrefix } from '../support/redis';
import { waitFor } from '../support/wait-for';

/**
 * The design's success criteria, end to end on the sandbox stack: real git repository in the GitLab
 * emulator, push hooks as GitLab sends them, auto-promote on Redis, and a promote-environment job that
 * opens merge requests. Driven through the same HTTP surface as `auto-promote-sandbox` drive.
 */
let sandbox: Sandbox;
let client: SandboxClient;

beforeAll(async () => {
  sandbox = await startSandbox({
    ports: { autoPromote: 0, gitlab: 0, jenkins: 0 },
    queuePrefix: uniquePrefix('e2e'),
    writeState: false,
    env: { JENKINS_POLL_INTERVAL_MS: '50', LOG_LEVEL: 'warn' },
  });
  client = new SandboxClient(sandbox.state);
});

afterAll(async () => {
  await sandbox.close();
});

const openPromotionMr = (app: string, target: string, tag: string) =>
  waitFor(`an open MR promoting ${app} to ${target}`, async () =>
    (await client.mergeRequests('opened')).find((mr) => mr.title === promotionTitle(app, target, tag)),
  );

const settledPromotions = (sha: string, count: number) =>
  waitFor(`${count} settled promotion(s) of ${sha.slice(0, 8)}`, async () => {
    const mine = (await client.promotions()).filter((p) => p.sha === sha);
    const final = ['succeeded', 'failed', 'superseded', 'skipped', 'abandoned'];
    return mine.length === count && mine.every((p) => final.includes(p.status)) ? mine : undefined;
  });

/** Merges the MRs opened so far and waits until their promotions settle, so each test starts clean. */
async function mergeIntoProdAndSettle(): Promise<void> {
  for (;;) {
    const open = await client.mergeRequests('opened');
    if (open.length === 0) return;
    for (const mr of open) {
      const merged = await client.merge(mr.iid);
      if (mr.target_branch !== 'prod') await settledPromotions(merged.merge_commit_sha ?? '', 1);
    }
  }
}

describe('success criteria', () => {
  it('1. merging an MR into dev creates a stage promotion MR', async () => {
    const change = await client.proposeChange({ app: 'exampleApp', tag: '1.0.50-SNAPSHOT-aaaaaaa' });
    const merged = await client.merge(change.iid);
    const mr = await openPromotionMr('exampleApp', 'stage', '1.0.50-rc1-aaaaaaa');
    expect(mr).toMatchObject({
      target_branch: 'stage',
      source_branch: 'promote-stage-1.0.50-SNAPSHOT-aaaaaaa',
    });
    const [promotion] = await settledPromotions(merged.merge_commit_sha ?? '', 1);
    expect(promotion).toMatchObject({
      app: 'exampleApp',
      sourceEnv: 'dev',
      targetEnv: 'stage',
      status: 'succeeded',
    });
    // The MR changes exactly the app's image tag on stage, nothing else.
    const onStage = await client.readManifest('exampleApp', 'stage');
    const proposed = await client.readManifest('exampleApp', mr.source_branch);
    expect(proposed).toBe(retagManifest(onStage, 'exampleApp', '1.0.50-rc1-aaaaaaa'));
  });

  it('2. merging the stage MR creates a prod promotion MR', async () => {
    const stageMr = await openPromotionMr('exampleApp', 'stage', '1.0.50-rc1-aaaaaaa');
    const merged = await client.merge(stageMr.iid);
    const prodMr = await openPromotionMr('exampleApp', 'prod', '1.0.50-aaaaaaa');
    expect(prodMr.target_branch).toBe('prod');
    const [promotion] = await settledPromotions(merged.merge_commit_sha ?? '', 1);
    expect(promotion).toMatchObject({
      sourceEnv: 'stage',
      targetEnv: 'prod',
      imageTag: '1.0.50-rc1-aaaaaaa',
    });
  });

  it('3. merging into prod creates nothing', async () => {
    const prodMr = await openPromotionMr('exampleApp', 'prod', '1.0.50-aaaaaaa');
    const triggersBefore = sandbox.jenkins.triggers.length;
    const deliveriesBefore = sandbox.gitlab.hookDeliveries.length;
    await client.merge(prodMr.iid);
    expect(await client.readManifest('exampleApp', 'prod')).toContain(':1.0.50-aaaaaaa');
    // A push to dev afterwards is promoted; by then anything the prod push caused would have shown.
    const sha = await client.commitApp({ app: 'postgres', tag: '16.4.1-SNAPSHOT-bbbbbbb' });
    await settledPromotions(sha, 1);
    const promotions = await client.promotions();
    expect(promotions.filter((p) => p.sourceEnv === 'prod')).toEqual([]);
    expect(sandbox.jenkins.triggers.length).toBe(triggersBefore + 1);
    // The prod push is delivered and accepted (it records the prod merge request merged), and plans nothing.
    const prodPushes = sandbox.gitlab.hookDeliveries
      .slice(deliveriesBefore)
      .filter((d) => (d.payload as { ref?: string }).ref === 'refs/heads/prod');
    expect(prodPushes.map((d) => d.status)).toEqual([202]);
    await mergeIntoProdAndSettle();
  });

  it('4. one merge that changes several apps yields one MR per app', async () => {
    const base = await client.readManifest('postgres', 'dev');
    const gateway = await client.readManifest('apiGateway', 'dev');
    const sha = await sandbox.project.commit({
      branch: 'dev',
      message: 'Merge branch bump-two-apps into dev',
      files: {
        [manifestPath('postgres')]: retagManifest(base, 'postgres', '16.5.0-SNAPSHOT-ccccccc'),
        [manifestPath('apiGateway')]: retagManifest(gateway, 'apiGateway', '2.4.0-SNAPSHOT-ddddddd'),
      },
    });
    const promotions = await settledPromotions(sha, 2);
    expect(promotions.map((p: SandboxPromotion) => p.app).sort()).toEqual(['apiGateway', 'postgres']);
    await openPromotionMr('postgres', 'stage', '16.5.0-rc1-ccccccc');
    await openPromotionMr('apiGateway', 'stage', '2.4.0-rc1-ddddddd');
    await mergeIntoProdAndSettle();
  });

  it('5a. a multi-commit merge promotes every app any of its commits changed', async () => {
    const postgres = await client.readManifest('postgres', 'dev');
    const example = await client.readManifest('exampleApp', 'dev');
    const shas = await sandbox.project.push('dev', [
      {
        message: 'bump postgres',
        files: { [manifestPath('postgres')]: retagManifest(postgres, 'postgres', '16.6.0-SNAPSHOT-eeeeeee') },
      },
      {
        message: 'tune env.cue',
        files: { 'env.cue': 'package deployments\n\nenvironment: "dev"\nreplicas: 2\n' },
      },
      {
        message: 'bump exampleApp',
        files: {
          [manifestPath('exampleApp')]: retagManifest(example, 'exampleApp', '1.0.51-SNAPSHOT-fffffff'),
        },
      },
    ]);
    const promotions = await settledPromotions(shas.at(-1)!, 2);
    expect(promotions.map((p) => [p.app, p.imageTag]).sort()).toEqual([
      ['exampleApp', '1.0.51-SNAPSHOT-fffffff'],
      ['postgres', '16.6.0-SNAPSHOT-eeeeeee'],
    ]);
    await mergeIntoProdAndSettle();
  });

  it('5b. a force push promotes what really differs between the old and the new head', async () => {
    const start = sandbox.project.branchHead('dev')!;
    const gateway = await client.readManifest('apiGateway', 'dev');
    const postgres = await client.readManifest('postgres', 'dev');
    // A bad commit touching two apps lands on dev and is promoted ...
    const bad = await sandbox.project.commit({
      branch: 'dev',
      message: 'bad bump',
      files: {
        [manifestPath('apiGateway')]: retagManifest(gateway, 'apiGateway', '9.9.9-SNAPSHOT-0000bad'),
        [manifestPath('postgres')]: retagManifest(postgres, 'postgres', '99.0.0-SNAPSHOT-0000bad'),
      },
    });
    await settledPromotions(bad, 2);
    // ... then dev is force-pushed to a rewritten history that only bumps apiGateway. Compared with the
    // merge base, postgres did not change; compared with what dev held (straight), it went back — and
    // stage must follow dev back.
    await sandbox.project.createBranch('fix-history', start);
    const fixed = await sandbox.project.commit({
      branch: 'fix-history',
      message: 'rewrite',
      files: { [manifestPath('apiGateway')]: retagManifest(gateway, 'apiGateway', '2.4.1-SNAPSHOT-0000f1x') },
    });
    await sandbox.project.forcePush('dev', fixed);
    const delivery = sandbox.gitlab.hookDeliveries.at(-1)!;
    expect(delivery.payload).toMatchObject({ before: bad, after: fixed });
    const promotions = await settledPromotions(fixed, 2);
    expect(promotions.map((p) => [p.app, p.imageTag]).sort()).toEqual([
      ['apiGateway', '2.4.1-SNAPSHOT-0000f1x'],
      ['postgres', postgres.match(/p2c\/postgres:(\S+)/)?.[1]],
    ]);
    await mergeIntoProdAndSettle();
  });

  it('6. two merges of the same app in quick succession leave one open promotion MR, for the newer one', async () => {
    const first = await client.commitApp({ app: 'postgres', tag: '16.7.0-SNAPSHOT-1111111' });
    const second = await client.commitApp({ app: 'postgres', tag: '16.8.0-SNAPSHOT-2222222' });
    await settledPromotions(first, 1);
    await settledPromotions(second, 1);
    await openPromotionMr('postgres', 'stage', '16.8.0-rc1-2222222');
    const open = (await client.mergeRequests('opened')).filter((mr) =>
      mr.title.startsWith('Promote postgres to stage'),
    );
    expect(open.map((mr) => mr.title)).toEqual([promotionTitle('postgres', 'stage', '16.8.0-rc1-2222222')]);
    await mergeIntoProdAndSettle();
  });

  it('the scripted demo walks a change from dev to prod and reports each latency', async () => {
    const lines: string[] = [];
    const timeline = await runDemo(client, { app: 'apiGateway', print: (l) => lines.push(l) });
    expect(timeline.filter((s) => s.latency !== null)).toHaveLength(2);
    expect(timeline.at(-2)?.step).toContain('nothing more happens');
    expect(timeline.at(-1)?.step).toMatch(
      /^lead time: dev push → stage merged \S+, dev push → prod merged \S+$/,
    );
    expect(lines.join('\n')).toContain('merged into prod');
  });
});
