import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePromotionId, promotionId, type PromotionIdentity } from '../../../libs/domain/src/promotion-id';
import { SHA256_A, SHA_A } from './support/push-payload';

const URL_SAFE = /^[A-Za-z0-9._~-]+$/;

describe('promotionId', () => {
  it.each<[string, PromotionIdentity, string]>([
    [
      'plain',
      { app: 'example-app', sourceEnv: 'dev', targetEnv: 'stage', sha: SHA_A },
      `example-app~dev~stage~${SHA_A}`,
    ],
    [
      '64-char sha kept in full',
      { app: 'a', sourceEnv: 'dev', targetEnv: 'stage', sha: SHA256_A },
      `a~dev~stage~${SHA256_A}`,
    ],
    [
      'slash in branches',
      { app: 'a', sourceEnv: 'env/dev', targetEnv: 'env/stage', sha: SHA_A },
      `a~env_2fdev~env_2fstage~${SHA_A}`,
    ],
    [
      'underscore doubled',
      { app: 'example_app', sourceEnv: 'dev', targetEnv: 'stage', sha: SHA_A },
      `example__app~dev~stage~${SHA_A}`,
    ],
    [
      'colon escaped',
      { app: 'a', sourceEnv: 'x:y', targetEnv: 'stage', sha: SHA_A },
      `a~x_3ay~stage~${SHA_A}`,
    ],
    [
      'tilde escaped',
      { app: 'a~b', sourceEnv: 'dev', targetEnv: 'stage', sha: SHA_A },
      `a_7eb~dev~stage~${SHA_A}`,
    ],
    [
      'unicode escaped',
      { app: 'a', sourceEnv: 'ü', targetEnv: 'stage', sha: SHA_A },
      `a~_u00fc~stage~${SHA_A}`,
    ],
    [
      '%, ?, # and space escaped',
      { app: 'a', sourceEnv: '%?# ', targetEnv: 's', sha: SHA_A },
      `a~_25_3f_23_20~s~${SHA_A}`,
    ],
  ])('%s', (_label, identity, id) => {
    expect(promotionId(identity)).toBe(id);
    expect(parsePromotionId(id)).toEqual(identity);
  });

  it.each([
    ['too few parts', 'a~dev~stage'],
    ['too many parts', 'a~dev~stage~sha~x'],
    ['dangling escape', 'a_~dev~stage~sha'],
    ['short escape', 'a_2~dev~stage~sha'],
    ['uppercase hex (non-canonical)', 'a_2F~dev~stage~sha'],
    ['escaped plain character (non-canonical)', 'a_61~dev~stage~sha'],
    ['escaped underscore (non-canonical)', 'a_5f~dev~stage~sha'],
    ['unicode escape of ASCII (non-canonical)', 'a_u002f~dev~stage~sha'],
    ['raw forbidden character', 'a/b~dev~stage~sha'],
    ['colon', 'a:b~dev~stage~sha'],
    ['empty', ''],
  ])('parsePromotionId rejects %s', (_label, id) => {
    expect(parsePromotionId(id)).toBeNull();
  });

  const anyString = fc.string({ unit: fc.nat(0xffff).map((c) => String.fromCharCode(c)), maxLength: 20 });
  const identity = fc.record({ app: anyString, sourceEnv: anyString, targetEnv: anyString, sha: anyString });

  it('property: never contains ":" or URL-unsafe characters, never all digits, round-trips', () => {
    fc.assert(
      fc.property(identity, (p) => {
        const id = promotionId(p);
        expect(id).toMatch(URL_SAFE);
        expect(id).not.toContain(':');
        expect(id).not.toMatch(/^\d+$/);
        expect(parsePromotionId(id)).toEqual(p);
      }),
      { numRuns: 500 },
    );
  });

  it('property: injective', () => {
    const small = fc.constantFrom('a', 'a_', '_', 'a~', '~', 'a/b', 'a_2fb', '', 'ü');
    const p = fc.record({ app: small, sourceEnv: small, targetEnv: small, sha: small });
    fc.assert(
      fc.property(p, p, (x, y) => {
        const same =
          x.app === y.app && x.sourceEnv === y.sourceEnv && x.targetEnv === y.targetEnv && x.sha === y.sha;
        expect(promotionId(x) === promotionId(y)).toBe(same);
      }),
      { numRuns: 1000 },
    );
  });

  it('property: parsePromotionId never throws and only accepts canonical ids', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const parsed = parsePromotionId(s);
        if (parsed) expect(promotionId(parsed)).toBe(s);
      }),
    );
  });
});
