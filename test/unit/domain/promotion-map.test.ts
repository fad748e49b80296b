import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidBranchName } from '../../../libs/domain/src/branch-name';
import { InvalidPromotionMapError } from '../../../libs/domain/src/errors/invalid-promotion-map-error';
import {
  DEFAULT_PROMOTION_MAP,
  environmentOrder,
  formatPromotionMap,
  isMappedBranch,
  mappedBranches,
  mappedBranchFilterRegex,
  parsePromotionMap,
  sourceBranches,
  sourceBranchFilterRegex,
  targetFor,
} from '../../../libs/domain/src/promotion-map';

describe('parsePromotionMap: accepted', () => {
  it.each([
    [
      'the default',
      DEFAULT_PROMOTION_MAP,
      [
        ['dev', 'stage'],
        ['stage', 'prod'],
      ],
    ],
    [
      'whitespace around items',
      '  dev=stage ,  stage=prod  ',
      [
        ['dev', 'stage'],
        ['stage', 'prod'],
      ],
    ],
    ['whitespace around =', 'dev = stage', [['dev', 'stage']]],
    [
      'tabs and newlines',
      'dev=stage,\n\tstage=prod\n',
      [
        ['dev', 'stage'],
        ['stage', 'prod'],
      ],
    ],
    ['a single pair', 'main=prod', [['main', 'prod']]],
    ['branches with slashes', 'env/dev=env/stage', [['env/dev', 'env/stage']]],
    [
      'two sources, one target (fan-in)',
      'dev=prod,hotfix=prod',
      [
        ['dev', 'prod'],
        ['hotfix', 'prod'],
      ],
    ],
    [
      'two separate chains',
      'a=b,x=y',
      [
        ['a', 'b'],
        ['x', 'y'],
      ],
    ],
  ])('%s', (_label, spec, pairs) => {
    expect([...parsePromotionMap(spec)]).toEqual(pairs);
  });
});

describe('parsePromotionMap: rejected', () => {
  it.each([
    ['empty', '', 'is empty'],
    ['blank', '   ', 'is empty'],
    ['no =', 'dev', "'dev' is not of the form source=target"],
    ['two =', 'dev=stage=prod', 'is not of the form'],
    ['empty source', '=stage', 'source branch is empty'],
    ['empty target', 'dev=', 'target branch is empty'],
    ['stray comma', 'dev=stage,', 'item 2 is empty'],
    ['double comma', 'dev=stage,,stage=prod', 'item 2 is empty'],
    ['space inside a branch', 'my dev=stage', 'source branch contains a space'],
    ['colon', 'dev=st:age', 'target branch contains'],
    ['double dot', 'dev=st..age', "contains '..'"],
    ['tilde', 'dev~1=stage', 'source branch contains'],
    ['caret, ?, *, [ and backslash', 'a^=b,c?=d,e*=f,g[=h,i\\=j', 'item 5'],
    ['trailing slash', 'dev/=stage', "ends with '/'"],
    ['.lock', 'dev=stage.lock', '.lock'],
    ['self-loop', 'dev=dev', "promotes 'dev' to itself"],
    [
      'duplicate source, two targets',
      'dev=stage,dev=prod',
      "'dev' has more than one target ('stage' and 'prod')",
    ],
    ['same pair twice', 'dev=stage,dev=stage', "'dev=stage' is listed twice"],
    ['two-cycle', 'dev=stage,stage=dev', 'cycle dev -> stage -> dev would promote forever'],
    ['three-cycle', 'a=b,b=c,c=a', 'cycle a -> b -> c -> a'],
    ['cycle after a lead-in', 'x=a,a=b,b=a', 'cycle a -> b -> a'],
  ])('%s: %j', (_label, spec, message) => {
    expect(() => parsePromotionMap(spec)).toThrow(InvalidPromotionMapError);
    expect(() => parsePromotionMap(spec)).toThrow(message);
  });

  it('lists every problem in one error and keeps the spec', () => {
    const spec = 'a=a,b=c,b=d,,e';
    try {
      parsePromotionMap(spec);
      expect.fail('should throw');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidPromotionMapError);
      const e = error as InvalidPromotionMapError;
      expect(e.name).toBe('InvalidPromotionMapError');
      expect(e.spec).toBe(spec);
      expect(e.message.split('; ')).toHaveLength(4);
    }
  });

  it('property: an accepted map never has a cycle (following targets always ends)', () => {
    const branch = fc.constantFrom('a', 'b', 'c', 'd', 'e');
    fc.assert(
      fc.property(fc.array(fc.tuple(branch, branch), { minLength: 1, maxLength: 6 }), (pairs) => {
        const spec = pairs.map(([s, t]) => `${s}=${t}`).join(',');
        let map;
        try {
          map = parsePromotionMap(spec);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidPromotionMapError);
          return;
        }
        for (const start of map.keys()) {
          let current: string | null = start;
          for (let steps = 0; current !== null; steps++) {
            expect(steps).toBeLessThanOrEqual(map.size);
            current = targetFor(map, current);
          }
        }
        expect(environmentOrder(map)).toHaveLength(new Set(pairs.flat()).size);
      }),
    );
  });

  it('property: never throws anything but InvalidPromotionMapError', () => {
    fc.assert(
      fc.property(fc.string(), (spec) => {
        try {
          parsePromotionMap(spec);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidPromotionMapError);
        }
      }),
    );
  });
});

describe('queries', () => {
  const map = parsePromotionMap(DEFAULT_PROMOTION_MAP);

  it.each([
    ['dev', 'stage'],
    ['stage', 'prod'],
    ['prod', null],
    ['feature/x', null],
    ['', null],
  ])('targetFor(%j) = %j', (branch, target) => {
    expect(targetFor(map, branch)).toBe(target);
  });

  it('sourceBranches in map order', () => {
    expect(sourceBranches(map)).toEqual(['dev', 'stage']);
  });

  it.each([
    ['dev=stage,stage=prod', ['dev', 'stage', 'prod']],
    ['stage=prod,dev=stage', ['dev', 'stage', 'prod']],
    ['main=prod', ['main', 'prod']],
    ['dev=stage,stage=prod,hotfix=prod', ['dev', 'stage', 'hotfix', 'prod']],
    ['a=b,x=y', ['a', 'b', 'x', 'y']],
  ])('environmentOrder(%j)', (spec, order) => {
    expect(environmentOrder(parsePromotionMap(spec))).toEqual(order);
  });

  it.each([
    ['dev=stage,stage=prod', '^(dev|stage)$'],
    ['release.1=stage', '^(release\\.1)$'],
    ['env/dev=env/stage', '^(env/dev)$'],
    ['a+b=c,(x)=y', '^(a\\+b|\\(x\\))$'],
  ])('sourceBranchFilterRegex(%j) = %j', (spec, regex) => {
    expect(sourceBranchFilterRegex(parsePromotionMap(spec))).toBe(regex);
  });

  it('sourceBranchFilterRegex of an empty map matches no branch', () => {
    expect(sourceBranchFilterRegex(new Map())).toBe('^$');
  });

  it('property: the filter regex matches exactly the source branches', () => {
    const name = fc
      .stringMatching(/^[a-z0-9][a-z0-9.+()$|/-]{0,8}[a-z0-9]$/)
      .filter((s) => isValidBranchName(s));
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 2, maxLength: 5 }), name, (branches, probe) => {
        const spec = branches
          .slice(1)
          .map((b, i) => `${branches[i]}=${b}`)
          .join(',');
        const map = parsePromotionMap(spec);
        const re = new RegExp(sourceBranchFilterRegex(map));
        for (const b of [...branches, probe]) expect(re.test(b)).toBe(map.has(b));
      }),
    );
  });

  it.each([
    ['dev=stage,stage=prod', ['dev', 'stage', 'prod'], '^(dev|stage|prod)$'],
    ['main=prod,hotfix=prod', ['main', 'prod', 'hotfix'], '^(main|prod|hotfix)$'],
    ['release.1=stage', ['release.1', 'stage'], '^(release\\.1|stage)$'],
  ])('mappedBranches(%j): sources and targets', (spec, branches, regex) => {
    expect(mappedBranches(parsePromotionMap(spec))).toEqual(branches);
    expect(mappedBranchFilterRegex(parsePromotionMap(spec))).toBe(regex);
  });

  it.each([
    ['dev', true],
    ['stage', true],
    ['prod', true],
    ['feature/x', false],
    ['', false],
  ])('isMappedBranch(%j) = %j (a target that is no source is mapped)', (branch, mapped) => {
    expect(isMappedBranch(map, branch)).toBe(mapped);
  });

  it('property: the hook regex matches exactly the branches of the map', () => {
    const name = fc
      .stringMatching(/^[a-z0-9][a-z0-9.+()$|/-]{0,8}[a-z0-9]$/)
      .filter((s) => isValidBranchName(s));
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 2, maxLength: 5 }), name, (branches, probe) => {
        const spec = branches
          .slice(1)
          .map((b, i) => `${branches[i]}=${b}`)
          .join(',');
        const map = parsePromotionMap(spec);
        const re = new RegExp(mappedBranchFilterRegex(map));
        for (const b of [...branches, probe]) expect(re.test(b)).toBe(branches.includes(b));
        for (const b of [...branches, probe]) expect(isMappedBranch(map, b)).toBe(branches.includes(b));
      }),
    );
  });

  it('formatPromotionMap round-trips', () => {
    expect(formatPromotionMap(parsePromotionMap(' dev = stage , stage=prod '))).toBe('dev=stage,stage=prod');
  });
});
