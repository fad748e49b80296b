import { describe, expect, it } from 'vitest';
import { parsePromotionMap } from '../../../libs/domain/src/promotion-map';
import { pushSkipReason } from '../../../libs/domain/src/skip-rules';
import { SHA256_A, SHA_A, SHA_B, ZERO_40, ZERO_64 } from './support/push-payload';

const map = parsePromotionMap('dev=stage,stage=prod');

describe('pushSkipReason', () => {
  it.each([
    [
      'prod, a target only: delivered, recorded skipped',
      'prod',
      SHA_A,
      SHA_B,
      'no-target',
      "'prod' has no promotion target",
    ],
    ['unmapped branch', 'feature/x', SHA_A, SHA_B, 'no-target', "'feature/x' has no promotion target"],
    ['no target wins over deletion', 'prod', SHA_A, ZERO_40, 'no-target', "'prod' has no promotion target"],
    ['branch deleted (40)', 'dev', SHA_A, ZERO_40, 'branch-deleted', 'branch deleted: nothing to promote'],
    ['branch deleted (64)', 'dev', SHA256_A, ZERO_64, 'branch-deleted', 'branch deleted: nothing to promote'],
    ['branch created (40)', 'dev', ZERO_40, SHA_B, 'branch-created', 'branch created: nothing to compare'],
    [
      'branch created (64)',
      'stage',
      ZERO_64,
      SHA256_A,
      'branch-created',
      'branch created: nothing to compare',
    ],
  ])('%s', (_label, branch, before, after, code, reason) => {
    expect(pushSkipReason({ branch, before, after }, map)).toEqual({ code, reason });
  });

  it.each([['dev'], ['stage']])('an update of %s is planned', (branch) => {
    expect(pushSkipReason({ branch, before: SHA_A, after: SHA_B }, map)).toBeNull();
  });
});
