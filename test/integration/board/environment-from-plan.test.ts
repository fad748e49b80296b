import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentStateStore } from '@auto-promote/board';
import { promotionId } from '@auto-promote/domain';
import { manifest, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

/**
 * The board's view of a source branch moves with each planned push, from what the planning read: no GitLab
 * call of its own per push. An observation is needed only when the planning did not read every changed app.
 */
let stack: Stack;
let environments: EnvironmentStateStore;
const BRANCH_ROUTE = 'GET /projects/:id/repository/branches/:branch';
const COMPARE_ROUTE = 'GET /projects/:id/repository/compare';

beforeAll(async () => {
  stack = await startStack({ name: 'env-from-plan', apps: { exampleApp: '1.0.0', postgres: '16.1' } });
  environments = new EnvironmentStateStore(stack.redis, stack.prefix);
  // The reconciler's first run observes every environment once (prod last).
  await waitFor('the first observation', () => environments.observedHead('prod'));
});
afterAll(async () => {
  await stack?.stop();
});

describe("the board's view of a source branch", () => {
  it('moves with a planned push, without observing the branch again', async () => {
    const seen = stack.gitlab.requests.length;
    const sha = await stack.commitApps('dev', { exampleApp: '1.1.0' });
    await stack.settled([promotionId({ app: 'exampleApp', sourceEnv: 'dev', targetEnv: 'stage', sha })]);
    const view = await waitFor('dev at the pushed commit', async () =>
      (await environments.observedHead('dev')) === sha ? environments.get('dev') : undefined,
    );
    expect(view['exampleApp']).toMatchObject({ imageTag: '1.1.0', sha });
    expect(view['postgres']).toMatchObject({ imageTag: '16.1' });
    // The planner compared once; nobody read a branch head or compared again for the board.
    const routes = stack.gitlab.requests.slice(seen).map((r) => r.route);
    expect(routes.filter((r) => r === COMPARE_ROUTE)).toHaveLength(1);
    expect(routes.filter((r) => r === BRANCH_ROUTE)).toHaveLength(0);
  });

  it('is observed from GitLab when the planning did not read every changed app', async () => {
    const [after] = await stack.project.push('dev', [
      {
        message: 'Quiet bump [skip promote]',
        files: { 'manifests/postgres/postgres.yaml': manifest('postgres', '16.2') },
      },
    ]);
    const view = await waitFor('dev observed at the pushed commit', async () =>
      (await environments.observedHead('dev')) === after ? environments.get('dev') : undefined,
    );
    expect(view['postgres']).toMatchObject({ imageTag: '16.2', sha: after });
  });
});
