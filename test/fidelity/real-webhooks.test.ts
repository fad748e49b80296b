import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix } from '../support/redis';
import { deliver, IngressFleet, type Ingress } from './support/ingresses';
import { isObject, listDir, realPayloads, str } from './support/real-fixtures';
import { expectedOutcome, REASON, type Expectation } from './support/webhook-expectations';

/**
 * Every vendored real GitLab webhook payload (test/fixtures/real/payloads) POSTed, byte for byte and with the
 * X-Gitlab-Event header GitLab sent it with, to real ingresses over HTTP. What a user relies on: never a 5xx;
 * a push to a mapped branch of the configured project is queued and stored; everything else is answered
 * "ignored" and stores nothing; a redelivery of an accepted push is a duplicate.
 *
 * Each payload goes to every ingress: one per project the real pushes come from, mapping the branches those
 * pushes name (master, feature), and one with the default map (dev=stage,stage=prod) to which those branches
 * are unmapped. They share one Redis prefix, so a push already accepted by one is a duplicate for the next.
 */
const payloads = realPayloads();
const MAPPED = { master: 'fid-stage', feature: 'fid-qa' };
const DEFAULT_MAP = { dev: 'stage', stage: 'prod' };

const pushProjects = [
  ...new Set(
    payloads
      .filter((p) => p.event === 'Push Hook' && p.body['object_kind'] === 'push')
      .map((p) => {
        const project = p.body['project'];
        return isObject(project) ? (str(project, 'path_with_namespace') ?? '') : '';
      }),
  ),
];

const fleet = new IngressFleet(uniquePrefix('fidelity-webhooks'));
/** Event id answered for each push identity (project, ref, before, after) accepted so far in this run. */
const accepted = new Map<string, string>();
/** Which answers the run gave: queued, duplicate, and each cause of "ignored". */
const seen = new Set<string>();
const redeliveries: Array<{ ingress: Ingress; raw: Buffer; event: string; eventId: string; file: string }> =
  [];

beforeAll(async () => {
  for (const project of pushProjects) await fleet.start({ project, map: MAPPED });
  await fleet.start({ project: pushProjects[0] ?? '', map: DEFAULT_MAP });
}, 60_000);

afterAll(async () => {
  await fleet.stop();
});

describe('real GitLab webhook payloads at the ingress', () => {
  it('covers every vendored payload, with the pushes of at least two projects', () => {
    expect(payloads.map((p) => p.file)).toEqual(listDir('payloads'));
    expect(payloads.length).toBeGreaterThanOrEqual(100);
    expect(pushProjects.length).toBeGreaterThanOrEqual(2);
  });

  it.each(payloads.map((p) => [p.file, p] as const))('%s', async (_file, payload) => {
    for (const ingress of fleet.ingresses) {
      const expected: Expectation = expectedOutcome(payload.event, payload.body, ingress);
      const keysBefore = await fleet.storedKeys();
      const answer = await deliver(ingress.url, payload.raw, payload.event);
      const where = `${payload.file} → ingress for ${ingress.project} (${Object.keys(ingress.map).join(',')})`;
      expect(answer.status, where).toBeLessThan(500);

      if (expected.kind === 'ignored') {
        expect({ where, ...answer }).toMatchObject({ status: 200, body: { status: 'ignored' } });
        expect(String(answer.body['reason']), where).toMatch(REASON[expected.because]);
        expect(await fleet.storedKeys(), `${where} stored something`).toEqual(keysBefore);
        seen.add(expected.because);
        continue;
      }
      const known = accepted.get(expected.identity);
      if (known !== undefined) {
        // The same push (same project, ref, before, after) from another source or ingress: one event.
        expect({ where, ...answer }).toEqual({
          where,
          status: 200,
          body: { status: 'duplicate', eventId: known },
        });
        seen.add('duplicate');
        continue;
      }
      expect({ where, ...answer }).toMatchObject({ where, status: 202, body: { status: 'queued' } });
      const eventId = String(answer.body['eventId']);
      expect(eventId).toMatch(/^ev-[0-9a-f]{32}$/);
      expect([...accepted.values()], 'a different push got the same event id').not.toContain(eventId);
      accepted.set(expected.identity, eventId);
      seen.add('queued');
      const job = await fleet.pushQueue.getJob(eventId);
      expect(job?.data, `${where}: the queued event is stored`).toMatchObject({
        eventId,
        source: 'webhook',
        projectId: expected.projectId,
        branch: expected.branch,
        before: expected.before,
        after: expected.after,
      });
      redeliveries.push({ ingress, raw: payload.raw, event: payload.event, eventId, file: payload.file });
    }
  });

  it('met every kind of answer among the real payloads', () => {
    const causes = ['event kind', 'other project', 'unmapped branch', 'branch deleted'];
    expect([...seen].sort()).toEqual(expect.arrayContaining(['duplicate', 'queued', ...causes]));
  });

  it('queued every push to a mapped branch, and only those', async () => {
    const expectedIdentities = new Set<string>();
    for (const payload of payloads)
      for (const ingress of fleet.ingresses) {
        const e = expectedOutcome(payload.event, payload.body, ingress);
        if (e.kind === 'accepted') expectedIdentities.add(e.identity);
      }
    expect(expectedIdentities.size).toBeGreaterThan(0);
    expect(new Set(accepted.keys())).toEqual(expectedIdentities);
    expect(await fleet.jobCount()).toBe(expectedIdentities.size);
  });

  it('answers a repeated delivery of an accepted push as a duplicate and stores nothing more', async () => {
    expect(redeliveries.length).toBeGreaterThan(0);
    const jobs = await fleet.jobCount();
    for (const r of redeliveries) {
      const again = await deliver(r.ingress.url, r.raw, r.event);
      expect({ file: r.file, ...again }).toEqual({
        file: r.file,
        status: 200,
        body: { status: 'duplicate', eventId: r.eventId },
      });
    }
    expect(await fleet.jobCount()).toBe(jobs);
  });
});
