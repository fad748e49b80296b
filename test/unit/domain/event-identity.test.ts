import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventId } from '../../../libs/domain/src/event-identity';
import { SHA_A, SHA_B, ZERO_40 } from './support/push-payload';

const base = { projectId: 15, ref: 'refs/heads/dev', before: SHA_A, after: SHA_B };
const BULLMQ_SAFE = /^[A-Za-z0-9._~-]{1,100}$/;

describe('eventId', () => {
  it('is stable and BullMQ-safe', () => {
    const id = eventId(base);
    expect(id).toBe(eventId({ ...base }));
    expect(id).toMatch(/^ev-[0-9a-f]{32}$/);
    expect(id).toMatch(BULLMQ_SAFE);
  });

  it.each([
    ['projectId', { projectId: 16 }],
    ['ref', { ref: 'refs/heads/stage' }],
    ['before', { before: ZERO_40 }],
    ['after', { after: SHA_A }],
    ['before/after swapped', { before: SHA_B, after: SHA_A }],
    ['field boundary moved', { ref: 'refs/heads/dev' + SHA_A.slice(0, 1), before: SHA_A.slice(1) }],
  ])('changes when %s differs', (_label, change) => {
    expect(eventId({ ...base, ...change })).not.toBe(eventId(base));
  });

  it('treats sha case as irrelevant (GitLab always sends lowercase)', () => {
    expect(eventId({ ...base, after: SHA_B.toUpperCase() })).toBe(eventId(base));
  });

  it('property: always a valid BullMQ custom job id (no colon, not all digits)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.string(), fc.string(), fc.string(), (projectId, ref, before, after) => {
        const id = eventId({ projectId, ref, before, after });
        expect(id).toMatch(BULLMQ_SAFE);
        expect(id).not.toContain(':');
        expect(id).not.toMatch(/^\d+$/);
      }),
    );
  });

  it('property: different inputs give different ids', () => {
    const input = fc.record({
      projectId: fc.integer({ min: 1, max: 5 }),
      ref: fc.constantFrom('refs/heads/dev', 'refs/heads/stage', 'refs/heads/d'),
      before: fc.constantFrom(SHA_A, ZERO_40, 'ev', ''),
      after: fc.constantFrom(SHA_B, SHA_A, 'v'),
    });
    fc.assert(
      fc.property(input, input, (a, b) => {
        const same =
          a.projectId === b.projectId && a.ref === b.ref && a.before === b.before && a.after === b.after;
        expect(eventId(a) === eventId(b)).toBe(same);
      }),
    );
  });
});
