import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseImageRef, type ImageRef } from '../../../libs/domain/src/image-ref';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('parseImageRef', () => {
  it.each<[string, ImageRef]>([
    ['nginx', { repository: 'nginx', name: 'nginx' }],
    ['nginx:1.27', { repository: 'nginx', name: 'nginx', tag: '1.27' }],
    ['library/nginx:latest', { repository: 'library/nginx', name: 'nginx', tag: 'latest' }],
    [
      `registry.example.com:5000/team/example-app:1.0.42-SNAPSHOT-abc1234@${DIGEST}`,
      {
        registry: 'registry.example.com:5000',
        repository: 'team/example-app',
        name: 'example-app',
        tag: '1.0.42-SNAPSHOT-abc1234',
        digest: DIGEST,
      },
    ],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app', name: 'app' }],
    ['localhost/app:1', { registry: 'localhost', repository: 'app', name: 'app', tag: '1' }],
    [
      'registry.example.com:5000/app',
      { registry: 'registry.example.com:5000', repository: 'app', name: 'app' },
    ],
    [
      'registry.example.com:5000/team/app:5000',
      { registry: 'registry.example.com:5000', repository: 'team/app', name: 'app', tag: '5000' },
    ],
    [`app@${DIGEST}`, { repository: 'app', name: 'app', digest: DIGEST }],
    [
      `ghcr.io/org/sub/app@${DIGEST}`,
      { registry: 'ghcr.io', repository: 'org/sub/app', name: 'app', digest: DIGEST },
    ],
    ['[::1]:5000/app:v1', { registry: '[::1]:5000', repository: 'app', name: 'app', tag: 'v1' }],
    ['team/app_x:v1', { repository: 'team/app_x', name: 'app_x', tag: 'v1' }],
    ['  nginx:1  ', { repository: 'nginx', name: 'nginx', tag: '1' }],
    ['Team/App:1', { registry: 'Team', repository: 'App', name: 'App', tag: '1' }],
  ])('%j', (ref, expected) => {
    expect(parseImageRef(ref)).toEqual(expected);
  });

  it.each([
    [''],
    ['   '],
    ['nginx:'],
    ['nginx:-bad'],
    ['nginx:a b'],
    ['nginx@sha256:short'],
    ['nginx@'],
    ['/nginx'],
    ['nginx/'],
    ['team//app'],
    ['app:1:2'],
    ['{{ .Values.image }}'],
    ['x'.repeat(5000)],
    ['reg istry/app'],
  ])('rejects %j', (ref) => {
    expect(parseImageRef(ref)).toBeNull();
  });

  it('property: never throws; a parsed ref has a name that is the last repository segment', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const ref = parseImageRef(s);
        if (ref) {
          expect(ref.repository.split('/').at(-1)).toBe(ref.name);
          expect(ref.name).not.toContain(':');
        }
      }),
    );
  });

  it('property: registry:port/repo:tag round-trips', () => {
    const component = fc.stringMatching(/^[a-z0-9]{1,5}(?:[._-][a-z0-9]{1,5}){0,2}$/);
    const host = fc.stringMatching(/^[a-z0-9]{1,5}\.[a-z]{2,4}$/);
    const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,10}$/);
    fc.assert(
      fc.property(
        host,
        fc.option(fc.integer({ min: 1, max: 65535 })),
        fc.array(component, { minLength: 1, maxLength: 3 }),
        fc.option(tag),
        (h, port, path, t) => {
          const registry = port === null ? h : `${h}:${port}`;
          const ref = `${registry}/${path.join('/')}${t === null ? '' : `:${t}`}`;
          const parsed = parseImageRef(ref);
          expect(parsed).toEqual({
            registry,
            repository: path.join('/'),
            name: path.at(-1),
            ...(t !== null && { tag: t }),
          });
        },
      ),
    );
  });
});
