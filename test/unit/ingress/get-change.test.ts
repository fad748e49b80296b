import { describe, expect, it } from 'vitest';
import type { ChangeWay } from '@auto-promote/domain';
import { getChange } from '@auto-promote/ingress';

const way: ChangeWay = { id: 'a', app: 'web', push: null, promotions: ['a'], steps: [], leadTimes: [] };

describe('GET /api/changes/:id', () => {
  it("answers the change's way", async () => {
    expect(await getChange('a', { wayOf: (id) => Promise.resolve(id === 'a' ? way : null) })).toEqual({
      status: 200,
      body: way,
    });
  });

  it('answers 404 for an unknown promotion, and for an id no promotion can have, without a lookup', async () => {
    let looked = 0;
    const chains = {
      wayOf: () => {
        looked += 1;
        return Promise.resolve(null);
      },
    };
    expect(await getChange('nope', chains)).toEqual({
      status: 404,
      body: { error: 'promotion nope not found' },
    });
    expect((await getChange('x'.repeat(600), chains)).status).toBe(404);
    expect(looked).toBe(1);
  });
});
