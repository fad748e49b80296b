import { describe, expect, it } from 'vitest';
import { parseItemConfig, renderItemConfig } from '../../../testing/emulators/src/jenkins/config-xml';
import {
  ParameterError,
  resolveParameters,
  sameParameters,
} from '../../../testing/emulators/src/jenkins/parameters';
import { formatTimeSpan, parseDelayMs } from '../../../testing/emulators/src/jenkins/time';
import { applyTree, parseTree } from '../../../testing/emulators/src/jenkins/tree-filter';
import { parseJobPath } from '../../../testing/emulators/src/jenkins/urls';

describe('Jenkins emulator helpers', () => {
  it('parses delay like TimeDuration (bare = ms, sec suffix), floored to whole seconds', () => {
    expect(parseDelayMs('0sec')).toBe(0);
    expect(parseDelayMs('5sec')).toBe(5000);
    expect(parseDelayMs('3 secs')).toBe(3000);
    expect(parseDelayMs('1500')).toBe(1000);
    expect(() => parseDelayMs('soon')).toThrow('Invalid time duration value');
    expect(formatTimeSpan(4900)).toBe('4.9 sec');
    expect(formatTimeSpan(61_000)).toBe('1 min 1 sec');
  });

  it('resolves declared parameters only, with defaults and Jenkins errors', () => {
    const specs = [
      { name: 'A', type: 'string' as const, default: 'x' },
      { name: 'B', type: 'boolean' as const },
    ];
    const given = new Map([
      ['B', ['TRUE']],
      ['C', ['ignored']],
    ]);
    expect(resolveParameters(specs, (n) => given.get(n))).toEqual([
      { name: 'A', type: 'string', value: 'x' },
      { name: 'B', type: 'boolean', value: 'true' },
    ]);
    expect(() => resolveParameters(specs, () => ['1', '2'])).toThrow(ParameterError);
    const a = [{ name: 'A', type: 'string' as const, value: '1' }];
    expect(sameParameters(a, [...a])).toBe(true);
    expect(sameParameters(a, [{ name: 'A', type: 'string', value: '2' }])).toBe(false);
    expect(sameParameters(null, null)).toBe(true);
  });

  it('parses and projects tree expressions', () => {
    const tree = parseTree('builds[number,actions[parameters[name,value]]]{1,2},name');
    const value = {
      _class: 'Job',
      name: 'x',
      color: 'blue',
      builds: [
        {
          _class: 'Run',
          number: 2,
          result: 'SUCCESS',
          actions: [{ _class: 'P', parameters: [{ name: 'A', value: '1' }] }],
        },
        { _class: 'Run', number: 1, result: 'FAILURE', actions: [{}] },
      ],
    };
    expect(applyTree(value, tree)).toEqual({
      _class: 'Job',
      name: 'x',
      builds: [{ _class: 'Run', number: 1, actions: [{}] }],
    });
    expect(() => parseTree('a[b')).toThrow();
    expect(() => parseTree('a,,b')).toThrow();
  });

  it('splits folder job paths', () => {
    expect(parseJobPath('/job/a%20b/job/c/buildWithParameters')).toEqual({
      fullName: 'a b/c',
      rest: ['buildWithParameters'],
    });
    expect(parseJobPath('/job/x/')).toEqual({ fullName: 'x', rest: [] });
    expect(parseJobPath('/queue/api/json')).toBeUndefined();
  });

  it('round-trips item configurations through XML', () => {
    const config = {
      kind: 'pipeline' as const,
      description: 'a & b',
      disabled: true,
      parameters: [
        { name: 'S', type: 'string' as const, default: "it's", description: '' },
        { name: 'T', type: 'text' as const, default: 'line1\nline2', description: '' },
        { name: 'B', type: 'boolean' as const, default: 'true', description: '' },
        { name: 'C', type: 'choice' as const, choices: ['x', 'y'], description: '' },
      ],
    };
    const parsed = parseItemConfig(renderItemConfig(config));
    expect(parsed).toEqual(config);
    expect(parseItemConfig(renderItemConfig({ ...config, parameters: null })).parameters).toBeNull();
    expect(() => parseItemConfig('<hudson.matrix.MatrixProject/>')).toThrow('Unrecognized item type');
  });
});
