import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { promotionId } from '@auto-promote/domain';
import { QUEUE_NAMES } from '@auto-promote/queues';
import { ROLES } from '@auto-promote/runtime';
import { FROM_SOURCE, RoleProcess } from '../../support/role-process';
import { countBuilds, readMetric, SECRETS, serviceEnv, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

let stack: Stack | undefined;
let service: RoleProcess | undefined;
afterEach(async () => {
  await service?.stop();
  await stack?.stop();
  service = undefined;
  stack = undefined;
});

const idFor = (app: string, sha: string) => promotionId({ app, sourceEnv: 'dev', targetEnv: 'stage', sha });
const names = Array.from({ length: 10 }, (_, i) => `app${String(i).padStart(2, '0')}`);

/**
 * SIGKILLs the service while it holds no promotion job: a held job waits out BullMQ's lock (30 s) whatever
 * the circuit does. A kill that caught one anyway is undone — restart, let the lock expire, kill again.
 */
async function killHoldingNoJob(service: RoleProcess, s: Stack, url: string): Promise<void> {
  const active = 'auto_promote_queue_jobs{queue="promotions",state="active"}';
  const promotions = new Queue(QUEUE_NAMES.promotions, { connection: s.redis, prefix: s.prefix });
  try {
    for (;;) {
      await waitFor('no promotion job in hand', async () => (await readMetric(url, active)) === 0);
      await service.kill();
      if ((await promotions.getActiveCount()) === 0) return;
      await service.start();
      await waitFor('the held job to be released', async () => (await promotions.getActiveCount()) === 0, {
        timeoutMs: 75_000,
      });
    }
  } finally {
    await promotions.close();
  }
}

describe('restart during a Jenkins outage', () => {
  it('triggers the whole backlog within seconds of Jenkins coming back, though the process that saw the outage was SIGKILLed', async () => {
    // The ingress in the test process only gives the stack its records API; GitLab's hook goes to the process.
    stack = await startStack({
      name: 'restart-outage',
      roles: ['ingress'],
      hook: false,
      apps: Object.fromEntries(names.map((app) => [app, '1.0.0'])),
    });
    const s = stack;
    // A production-like probe cap: a circuit left open after the restart would let one promotion through
    // per 60 s probe lease.
    service = new RoleProcess(ROLES, serviceEnv(s, { RETRY_MAX_DELAY_MS: '60000' }), FROM_SOURCE);
    await service.start();
    const url = await service.url;
    s.project.addHook({ url: `${url}/webhooks/gitlab`, token: SECRETS.webhookSecret });

    s.jenkins.faults.set({ mode: 'refuse' });
    const ids: string[] = [];
    const bump = async (apps: string[]) => {
      const sha = await s.commitApps('dev', Object.fromEntries(apps.map((app) => [app, '2.0.0'])));
      ids.push(...apps.map((app) => idFor(app, sha)));
    };
    // Three calls fail together and open the circuit with its shortest pause (1 s); later pushes wait behind it.
    await bump(names.slice(0, 3));
    await waitFor(
      'the circuit to open',
      async () => (await readMetric(url, 'auto_promote_jenkins_circuit_open')) === 1,
    );
    await bump(names.slice(3, 6));
    await bump(names.slice(6));
    await waitFor('all ten promotions planned', async () => {
      const records = await Promise.all(ids.map((id) => s.promotions.get(id)));
      return records.every((r) => r?.status === 'planned');
    });

    await killHoldingNoJob(service, s, url);
    // The test process's own ingress reports the circuit as Redis holds it.
    expect(await readMetric(s.url, 'auto_promote_jenkins_circuit_open')).toBe(1);
    s.jenkins.faults.reset(); // Jenkins is back while the service is down…
    const back = Date.now();
    await service.start(); // …and the service restarts into the circuit Redis still holds open.
    const up = Date.now();
    const untriggered = () => names.filter((app) => !countBuilds(s.jenkins).has(app));
    await waitFor('every app to be triggered', () => untriggered().length === 0, {
      timeoutMs: 10_000,
      intervalMs: 100,
    }).catch(() => undefined);
    const after = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
    expect(
      untriggered(),
      `apps not triggered ${after(up)} after the restart, ${after(back)} after Jenkins came back`,
    ).toEqual([]);

    const records = await s.settled(ids, 20_000);
    expect(records.map((r) => r.status)).toEqual(names.map(() => 'succeeded'));
    expect(Object.fromEntries(countBuilds(s.jenkins))).toEqual(Object.fromEntries(names.map((a) => [a, 1])));
    expect(await readMetric(url, 'auto_promote_jenkins_circuit_open')).toBe(0);
  }, 150_000);
});
