import { afterEach, describe, expect, it } from 'vitest';
import { promotionId, type PromotionRecord } from '@auto-promote/domain';
import { manifest, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

const idFor = (sha: string) => promotionId({ app: 'exampleApp', sourceEnv: 'dev', targetEnv: 'stage', sha });

function start(name: string, closeSuperseded: boolean): Promise<Stack> {
  return startStack({
    name,
    apps: { exampleApp: '1.0.0' },
    // The job itself leaves older merge requests open: closing them is auto-promote's to decide here.
    job: { mergeRequests: { closeOlder: false } },
    env: {
      PROMOTION_MR_LOOKUP_TIMEOUT: '30s',
      GITLAB_CLOSE_SUPERSEDED_MRS: String(closeSuperseded),
    },
  });
}

async function recorded(
  s: Stack,
  id: string,
  test: (r: PromotionRecord) => boolean = () => true,
): Promise<PromotionRecord> {
  return waitFor(`promotion ${id}'s merge request`, async () => {
    const r = await s.promotions.get(id);
    return r?.mergeRequest && test(r) ? r : undefined;
  });
}

/** Two promotions of exampleApp into stage, one after the other, each with its open merge request. */
async function twoPromotions(
  s: Stack,
  beforeNewer: (older: PromotionRecord) => Promise<void> = async () => {},
) {
  const older = await recorded(s, idFor(await s.commitApps('dev', { exampleApp: '2.0.0' })));
  await beforeNewer(older);
  const newerId = idFor(await s.commitApps('dev', { exampleApp: '3.0.0' }));
  const newer = await recorded(s, newerId);
  return { older, newer };
}

describe('superseded merge requests', () => {
  it('closes the older open one with a note linking the newer (GITLAB_CLOSE_SUPERSEDED_MRS=true)', async () => {
    stack = await start('mr-supersede-on', true);
    const s = stack;
    const { older, newer } = await twoPromotions(s);
    const closed = await recorded(s, older.id, (r) => r.mergeRequest?.state === 'closed');
    expect(closed.mergeRequest?.reason).toBe(
      `superseded by !${newer.mergeRequest!.iid} (${newer.mergeRequest!.url}) (promotion ${newer.id})`,
    );
    const iid = older.mergeRequest!.iid!;
    expect(s.project.mergeRequests({ state: 'closed' }).map((mr) => mr.iid)).toEqual([iid]);
    expect(s.project.notes(iid).map((n) => n.body)).toEqual([
      expect.stringContaining(`Superseded by !${newer.mergeRequest!.iid}`),
    ]);
    expect((await s.promotions.get(newer.id))?.mergeRequest?.state).toBe('opened');
  });

  it('leaves the older one open without the flag', async () => {
    stack = await start('mr-supersede-off', false);
    const { older, newer } = await twoPromotions(stack);
    expect(newer.mergeRequest?.state).toBe('opened');
    expect((await stack.promotions.get(older.id))?.mergeRequest).toEqual(older.mergeRequest);
    expect(stack.project.mergeRequests({ state: 'opened' })).toHaveLength(2);
  });

  it('never closes one a human committed to, and records why', async () => {
    stack = await start('mr-supersede-human', true);
    const s = stack;
    const { older } = await twoPromotions(s, async (o) => {
      await s.project.commit({
        branch: o.mergeRequest!.sourceBranch,
        message: 'keep the old resources for now',
        files: { 'manifests/exampleApp/exampleApp.yaml': manifest('exampleApp', '2.0.0-hotfix') },
        author: { name: 'Jane Reviewer', email: 'jane@example.com' },
      });
    });
    const left = await recorded(s, older.id, (r) => r.mergeRequest?.reason !== null);
    expect(left.mergeRequest).toMatchObject({ state: 'opened', iid: older.mergeRequest!.iid });
    expect(left.mergeRequest?.reason).toMatch(
      /^not closed when superseded by !\d+.*: commit \w+ by Jane Reviewer/,
    );
    expect(s.project.mergeRequests({ state: 'opened' })).toHaveLength(2);
  });
});
