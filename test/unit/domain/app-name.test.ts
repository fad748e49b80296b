import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appNameProblem, isSafeAppName, toAppName, toKebabCase } from '../../../libs/domain/src/app-name';

describe('isSafeAppName', () => {
  it.each([
    ['example-app'],
    ['exampleApp'],
    ['example_app'],
    ['app.v2'],
    ['0app'],
    ['a'],
    ['a'.repeat(63)],
    ['A-B_C.D'],
  ])('accepts %j', (name) => {
    expect(isSafeAppName(name)).toBe(true);
    expect(appNameProblem(name)).toBeNull();
  });

  it.each([
    ['', 'is empty'],
    ['.', 'does not start with a letter or digit'],
    ['..', "contains '..'"],
    ['a..b', "contains '..'"],
    ['.hidden', 'does not start with a letter or digit'],
    ['-app', 'does not start with a letter or digit'],
    ['_app', 'does not start with a letter or digit'],
    ['a'.repeat(64), 'longer than 63'],
    ['a b', 'characters other than'],
    ['a/b', 'characters other than'],
    ['a:b', 'characters other than'],
    ['ümlaut', 'does not start'],
    ['appé', 'characters other than'],
    ['app\n', 'characters other than'],
    ['app~1', 'characters other than'],
  ])('rejects %j (%s)', (name, problem) => {
    expect(isSafeAppName(name)).toBe(false);
    expect(appNameProblem(name)).toContain(problem);
  });

  it('property: a safe name is one path segment that cannot escape a directory', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), (s) => {
        if (!isSafeAppName(s)) return;
        expect(s).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/);
        expect(s).not.toContain('..');
        expect(s).not.toContain('/');
      }),
    );
  });
});

describe('toAppName', () => {
  it.each([
    ['exampleApp', 'example-app'],
    ['ExampleApp', 'example-app'],
    ['HTTPServer', 'http-server'],
    ['myApp2', 'my-app2'],
    ['example_app', 'example-app'],
    ['example-app', 'example-app'],
    ['postgres', 'postgres'],
    ['XMLHttpRequest', 'xml-http-request'],
    ['v2App', 'v2-app'],
    ['APP', 'app'],
    ['Example__App', 'example-app'],
    ['example-App', 'example-app'],
    ['app.v2', 'app.v2'],
    ['a_', 'a'],
  ])('kebab: %j → %j', (dir, name) => {
    expect(toAppName(dir, 'kebab')).toBe(name);
  });

  it.each([['exampleApp'], ['HTTPServer'], ['example_app']])('as-is keeps %j', (dir) => {
    expect(toAppName(dir, 'as-is')).toBe(dir);
  });

  it('property: kebab-case is idempotent and yields no uppercase, underscore or edge dash', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const k = toKebabCase(s);
        expect(toKebabCase(k)).toBe(k);
        expect(k).not.toMatch(/[A-Z_]|^-|-$|--/);
      }),
    );
  });

  it('property: kebab-case of a safe name keeps the safe character set', () => {
    const safe = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/).filter((s) => !s.includes('..'));
    fc.assert(
      fc.property(safe, (s) => {
        expect(toKebabCase(s)).toMatch(/^[a-z0-9.][a-z0-9._-]*$|^$/);
      }),
    );
  });
});
