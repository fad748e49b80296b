import { describe, expect, it } from 'vitest';
import {
  branchesFilteredOut,
  parsePromotionMap,
  portableBranchFilter,
  regexBranchFilter,
  sourcesAmong,
} from '@auto-promote/domain';

const map = parsePromotionMap('dev=stage,stage=prod');
const regex = (filter: string) => ({ branchFilterStrategy: 'regex', pushEventsBranchFilter: filter });
const wildcard = (filter: string) => ({ branchFilterStrategy: null, pushEventsBranchFilter: filter });

describe('the hook branch filter setup webhook writes', () => {
  it('names every branch of the map, targets too, so a merge into prod arrives as a push', () => {
    expect(regexBranchFilter(map)).toEqual({
      mode: 'regex',
      strategy: 'regex',
      filter: '^(dev|stage|prod)$',
    });
    expect(regexBranchFilter(parsePromotionMap('main=prod,hotfix=prod')).filter).toBe('^(main|prod|hotfix)$');
  });

  it('falls back to no filter where a wildcard cannot name every branch of the map', () => {
    const none = { mode: 'all-branches', strategy: 'wildcard', filter: '' };
    expect(portableBranchFilter(map)).toEqual(none);
    expect(portableBranchFilter(parsePromotionMap('dev=stage'))).toEqual(none);
  });

  it('lets every branch of the map through, and nothing else, as the regex it writes', () => {
    const re = new RegExp(regexBranchFilter(map).filter);
    expect(['dev', 'stage', 'prod', 'feature/x', 'production', 'xdev'].filter((b) => re.test(b))).toEqual([
      'dev',
      'stage',
      'prod',
    ]);
  });
});

describe('branchesFilteredOut', () => {
  it.each([
    ['the filter it writes', regex('^(dev|stage|prod)$'), []],
    ['no filter', wildcard(''), []],
    ['all_branches', { branchFilterStrategy: 'all_branches', pushEventsBranchFilter: 'x' }, []],
    ['the source-only regex of earlier versions', regex('^(dev|stage)$'), ['prod']],
    ['a source-only wildcard', wildcard('dev'), ['stage', 'prod']],
    ['a regex read as a wildcard (older GitLab)', wildcard('^(dev|stage|prod)$'), ['dev', 'stage', 'prod']],
    ['a wildcard with a star', wildcard('*'), []],
    ['an invalid regex', regex('('), ['dev', 'stage', 'prod']],
  ])('%s keeps out %j', (_name, stored, missed) => {
    expect(branchesFilteredOut(map, stored)).toEqual(missed);
  });

  it('tells the sources kept out (never planned from a push) from the targets (left to the reconciler)', () => {
    expect(sourcesAmong(map, ['prod'])).toEqual([]);
    expect(sourcesAmong(map, ['stage', 'prod'])).toEqual(['stage']);
    expect(sourcesAmong(map, branchesFilteredOut(map, wildcard('dev')))).toEqual(['stage']);
  });
});
