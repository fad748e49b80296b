import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractImageTag, type ManifestFile } from '../../../libs/domain/src/image-tag';

const DIGEST = `sha256:${'cd'.repeat(32)}`;

const deployment = (containers: string, initContainers = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: example-app
spec:
  template:
    spec:
${initContainers ? `      initContainers:\n${initContainers}` : ''}      containers:
${containers}`;

const container = (name: string, image: string) => `        - name: ${name}\n          image: ${image}\n`;

const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 0 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: nightly
              image: registry.example.com/team/nightly:2.0.0
`;

const file = (content: string, path = 'manifests/example-app/deployment.yaml'): ManifestFile => ({
  path,
  content,
});

describe('extractImageTag', () => {
  it.each<[string, ManifestFile[], string, { tag: string; image: string } | null]>([
    [
      'a single container',
      [file(deployment(container('app', 'registry.example.com/team/example-app:1.0.42')))],
      'example-app',
      { tag: '1.0.42', image: 'registry.example.com/team/example-app:1.0.42' },
    ],
    [
      'registry with a port is not the tag',
      [
        file(
          deployment(container('app', 'registry.example.com:5000/team/example-app:1.0.42-SNAPSHOT-abc1234')),
        ),
      ],
      'example-app',
      {
        tag: '1.0.42-SNAPSHOT-abc1234',
        image: 'registry.example.com:5000/team/example-app:1.0.42-SNAPSHOT-abc1234',
      },
    ],
    [
      'registry port and no tag → no tag',
      [file(deployment(container('app', 'localhost:5000/example-app')))],
      'example-app',
      null,
    ],
    [
      'digest only → the digest',
      [file(deployment(container('app', `registry.example.com/example-app@${DIGEST}`)))],
      'example-app',
      { tag: DIGEST, image: `registry.example.com/example-app@${DIGEST}` },
    ],
    [
      'tag and digest → the tag',
      [file(deployment(container('app', `example-app:1.2@${DIGEST}`)))],
      'example-app',
      { tag: '1.2', image: `example-app:1.2@${DIGEST}` },
    ],
    [
      'several containers: the one named like the app wins',
      [
        file(
          deployment(container('proxy', 'envoyproxy/envoy:v1.30') + container('app', 'team/example-app:3.1')),
        ),
      ],
      'example-app',
      { tag: '3.1', image: 'team/example-app:3.1' },
    ],
    [
      'several containers, none named like the app: the first',
      [file(deployment(container('proxy', 'envoyproxy/envoy:v1.30') + container('app', 'team/other:3.1')))],
      'example-app',
      { tag: 'v1.30', image: 'envoyproxy/envoy:v1.30' },
    ],
    [
      'initContainers: the main container is preferred',
      [file(deployment(container('app', 'team/server:2.0'), container('migrate', 'team/migrator:9.9')))],
      'example-app',
      { tag: '2.0', image: 'team/server:2.0' },
    ],
    [
      'initContainers: an init image named like the app wins',
      [file(deployment(container('app', 'team/server:2.0'), container('init', 'team/example-app:7.0')))],
      'example-app',
      { tag: '7.0', image: 'team/example-app:7.0' },
    ],
    [
      'kebab match: dir exampleApp ↔ image example-app',
      [file(deployment(container('proxy', 'envoy:1') + container('app', 'team/example-app:4.0')))],
      'exampleApp',
      { tag: '4.0', image: 'team/example-app:4.0' },
    ],
    [
      'case-insensitive match',
      [file(deployment(container('proxy', 'envoy:1') + container('app', 'team/Example-App:4.1')))],
      'example-app',
      { tag: '4.1', image: 'team/Example-App:4.1' },
    ],
    [
      'CronJob jobTemplate',
      [file(cronJob)],
      'nightly',
      { tag: '2.0.0', image: 'registry.example.com/team/nightly:2.0.0' },
    ],
    [
      'multi-doc YAML with a broken document in the middle',
      [
        file(
          `apiVersion: v1\nkind: Service\nmetadata: {name: x}\n---\nkind: [broken\n  : :\n---\n${deployment(
            container('app', 'team/example-app:5.5'),
          )}`,
        ),
      ],
      'example-app',
      { tag: '5.5', image: 'team/example-app:5.5' },
    ],
    [
      'a wholly broken file next to a good one',
      [
        file('{{ not yaml: [', 'manifests/example-app/bad.yaml'),
        file(deployment(container('a', 'example-app:6'))),
      ],
      'example-app',
      { tag: '6', image: 'example-app:6' },
    ],
    [
      'plain image: key as a fallback (custom resource)',
      [file('apiVersion: example.com/v1\nkind: App\nspec:\n  image: team/example-app:8.0\n')],
      'example-app',
      { tag: '8.0', image: 'team/example-app:8.0' },
    ],
    [
      'JSON manifest',
      [
        file(
          JSON.stringify({ kind: 'Pod', spec: { containers: [{ name: 'a', image: 'example-app:9' }] } }),
          'manifests/example-app/pod.json',
        ),
      ],
      'example-app',
      { tag: '9', image: 'example-app:9' },
    ],
    [
      'non-YAML files are not read',
      [file('image: example-app:1\n', 'manifests/example-app/README.md')],
      'example-app',
      null,
    ],
    ['no images at all', [file('apiVersion: v1\nkind: ConfigMap\ndata:\n  a: b\n')], 'example-app', null],
    ['no files', [], 'example-app', null],
    [
      'an untagged image is not replaced by a sidecar tag',
      [file(deployment(container('sidecar', 'envoy:1') + container('app', 'team/example-app')))],
      'example-app',
      null,
    ],
    [
      'non-string image values are skipped',
      [
        file(
          deployment(
            '        - name: a\n          image: 42\n        - name: b\n          image: team/b:1\n',
          ),
        ),
      ],
      'example-app',
      { tag: '1', image: 'team/b:1' },
    ],
    [
      'across files: the matching one wins',
      [
        file(deployment(container('db', 'postgres:16')), 'manifests/example-app/db.yaml'),
        file(deployment(container('app', 'team/example-app:2.2')), 'manifests/example-app/app.yml'),
      ],
      'example-app',
      { tag: '2.2', image: 'team/example-app:2.2' },
    ],
  ])('%s', (_label, manifests, app, expected) => {
    expect(extractImageTag(manifests, app)).toEqual(expected);
  });

  it('survives an alias bomb and cyclic aliases', () => {
    const bomb = `a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]
`;
    const cyclic = 'x: &x\n  self: *x\n  image: example-app:1\n';
    expect(() => extractImageTag([file(bomb), file(cyclic)], 'example-app')).not.toThrow();
  });

  it('property: never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 200 }), { maxLength: 3 }), fc.string(), (contents, app) => {
        const result = extractImageTag(
          contents.map((content) => file(content)),
          app,
        );
        if (result) expect(result.tag.length).toBeGreaterThan(0);
      }),
    );
  });

  it('property: never throws on arbitrary JSON documents', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(() => extractImageTag([file(JSON.stringify(value) ?? '', 'x.json')], 'app')).not.toThrow();
      }),
    );
  });
});
