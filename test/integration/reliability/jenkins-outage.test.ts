import { afterEach, describe, expect, it } from 'vitest';
import { promotionId } from '@auto-promote/domain';
import { manifest, readMetric, startStack, type Stack } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

const apps = (n: number) => Array.from({ length: n }, (_, i) => `app${String(i).padStart(2, '0')}`);

async function commitAll(s: Stack, names: string[], tag: string): Promise<string> {
  return s.project.commit({
    branch: 'dev',
    message: `bump ${names.length} apps`,
    files: Object.fromEntries(names.map((a) => [`manifests/${a}/${a}.yaml`, manifest(a, tag)])),
  });
}

const metric = (s: Stack, name: string) => readMetric(s.url, name);

describe('Jenkins outage', () => {
  it('pauses all dispatching with growing probes instead of a retry storm, then drains at the configured rate', async () => {
    const names = apps(12);
    stack = await startStack({
      name: 'outage',
      apps: Object.fromEntries(names.map((a) => [a, '1'])),
      env: { JENKINS_MAX_TRIGGERS_PER_SECOND: '5', RETRY_MAX_DELAY_MS: '800' },
    });
    stack.jenkins.faults.set({ mode: 'refuse' });
    const sha = await commitAll(stack, names, '2');
    const ids = names.map((app) => promotionId({ app, sourceEnv: 'dev', targetEnv: 'stage', sha }));
    await waitFor(
      'the circuit to open',
      async () => (await metric(stack!, 'auto_promote_jenkins_circuit_open')) === 1,
    );
    // The requests already under way when Jenkins went down fail together (at most the concurrency);
    // after that only one probe goes per pause, however many promotions wait.
    const afterFirstBatch = stack.jenkins.faults.injected;
    expect(afterFirstBatch).toBeLessThanOrEqual(8);
    const outageStart = Date.now();
    await waitFor('2.5 s of outage', () => Date.now() - outageStart > 2_500, { timeoutMs: 5_000 });
    // A retry storm of 12 promotions at ≤ 800 ms backoff would be ~40 attempts in 2.5 s; one probe per
    // pause (capped at 800 ms here) is 3 or 4, give or take one at the window edges.
    expect(stack.jenkins.faults.injected - afterFirstBatch).toBeLessThanOrEqual(6);
    const records = await Promise.all(ids.map((id) => stack!.promotions.get(id)));
    expect(records.every((r) => r?.status === 'planned')).toBe(true);

    stack.jenkins.faults.reset();
    const recovered = Date.now();
    const settled = await stack.settled(ids, 20_000);
    expect(settled.every((r) => r.status === 'succeeded')).toBe(true);
    const accepted = stack.jenkins.triggers.filter((t) => t.status === 201);
    expect(accepted).toHaveLength(12);
    // 12 triggers at 5/s cannot be sent in much under 2 s; all of them within a few seconds of recovery.
    const times = accepted.map((t) => t.at);
    const spread = Math.max(...times) - Math.min(...times);
    expect(spread).toBeGreaterThanOrEqual(1_500);
    expect(Date.now() - recovered).toBeLessThan(10_000);
    expect(await metric(stack, 'auto_promote_jenkins_circuit_open')).toBe(0);
    expect(stack.logs.text).toContain('circuit open');
    expect(stack.logs.text).toContain('circuit closed');
  });

  it('abandons a promotion still untriggered after JENKINS_RETRY_HORIZON, saying why', async () => {
    stack = await startStack({
      name: 'horizon',
      env: { JENKINS_RETRY_HORIZON: '1s', RETRY_MAX_DELAY_MS: '300' },
    });
    stack.jenkins.faults.set({ mode: 'down' });
    const sha = await stack.commitApps('dev', { exampleApp: '5.5.5' });
    const [record] = await stack.settled([
      promotionId({ app: 'exampleApp', sourceEnv: 'dev', targetEnv: 'stage', sha }),
    ]);
    expect(record?.status).toBe('abandoned');
    expect(record?.reason).toContain('JENKINS_RETRY_HORIZON');
    expect(record?.reason).toContain('503');
  });
});
