import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Json } from './support/json';
import {
  KustomizeError,
  kustomizeBuild,
  mergeKeyFor,
  resourceId,
  splitImage,
  strategicMerge,
  toResource,
  type Resource,
} from './support/kustomize';
import { parseYamlDocuments } from './support/yaml-files';

// The helper behind the Kubernetes tests: a kustomize subset. These tests pin its behaviour on small
// trees; when kubectl is installed, every tree here and every k8s/ target is also compared with
// `kubectl kustomize`, the real thing.

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes files (path → content) into a fresh directory. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kustomize-test-'));
  dirs.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

function kubectlKustomize(dir: string): Resource[] {
  const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return parseYamlDocuments(result.stdout).map((d) => toResource(d, dir));
}

const byId = (resources: Resource[]): Record<string, Resource> =>
  Object.fromEntries(resources.map((r) => [resourceId(r), r]));

const deployment = (name: string, extra = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: main
          image: example/app:1.0
          args: [serve]
          env:
            - name: A
              value: '1'
          ports:
            - containerPort: 3000
${extra}`;

const BASE = {
  'base/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - app.yaml
  - config.yaml
`,
  'base/app.yaml': `${deployment('web')}---
${deployment('worker')}---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 3000
`,
  'base/config.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  A: '1'
  B: '2'
`,
};

const OVERLAY = {
  ...BASE,
  'component/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
resources:
  - extra.yaml
patches:
  - patch: |-
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data:
        FROM_COMPONENT: 'yes'
`,
  'component/extra.yaml': `apiVersion: v1
kind: Service
metadata:
  name: extra
spec:
  selector:
    app: worker
  ports:
    - port: 9000
`,
  'overlay/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: team
resources:
  - ../base
components:
  - ../component
images:
  - name: example/app
    newName: registry.example.com/app
    newTag: '2.0'
secretGenerator:
  - name: credentials
    literals:
      - TOKEN=s3cr=t
    options:
      disableNameSuffixHash: true
configMapGenerator:
  - name: generated
    literals:
      - MODE=fast
    options:
      disableNameSuffixHash: true
patches:
  - path: web.yaml
  - target:
      kind: Deployment
      labelSelector: app=worker
    patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: ignored
      spec:
        template:
          spec:
            containers:
              - name: main
                env:
                  - name: B
                    value: '2'
  - target:
      kind: Deployment
      name: w.*er
    patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: ignored
      spec:
        replicas: 5
`,
  'overlay/web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: main
          args: [serve, --fast]
          env:
            - name: A
              value: '10'
          ports:
            - containerPort: 3000
              name: http
        - name: sidecar
          image: example/sidecar:1
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  B: null
  C: '3'
`,
};

describe('strategicMerge', () => {
  it('merges mappings key by key and deletes keys set to null', () => {
    expect(strategicMerge({ a: 1, b: { c: 2, d: 3 } }, { b: { c: 20, d: null }, e: 5 }, [])).toEqual({
      a: 1,
      b: { c: 20 },
      e: 5,
    });
  });

  it('merges lists with a merge key item by item: the patch order first, then untouched items', () => {
    const original: Json = [
      { name: 'a', image: 'x', env: [{ name: 'K', value: '1' }] },
      { name: 'b', image: 'y' },
      { name: 'c', image: 'z' },
    ];
    const patch: Json = [
      { name: 'b', env: [{ name: 'L', value: '2' }] },
      { name: 'd', image: 'new' },
    ];
    expect(strategicMerge(original, patch, ['spec', 'containers'])).toEqual([
      { name: 'b', image: 'y', env: [{ name: 'L', value: '2' }] },
      { name: 'd', image: 'new' },
      { name: 'a', image: 'x', env: [{ name: 'K', value: '1' }] },
      { name: 'c', image: 'z' },
    ]);
  });

  it('replaces lists without a merge key and scalars', () => {
    expect(strategicMerge({ args: ['a', 'b'], n: 1 }, { args: ['c'], n: 2 }, [])).toEqual({
      args: ['c'],
      n: 2,
    });
    expect(strategicMerge([{ type: 'Resource' }], [{ type: 'Pods' }], ['spec', 'metrics'])).toEqual([
      { type: 'Pods' },
    ]);
  });

  it('knows the API merge keys it relies on', () => {
    expect(mergeKeyFor(['spec', 'template', 'spec', 'containers'])).toBe('name');
    expect(mergeKeyFor(['spec', 'template', 'spec', 'containers', 'env'])).toBe('name');
    expect(mergeKeyFor(['spec', 'template', 'spec', 'containers', 'ports'])).toBe('containerPort');
    expect(mergeKeyFor(['spec', 'ports'])).toBe('port');
    expect(mergeKeyFor(['spec', 'template', 'spec', 'containers', 'volumeMounts'])).toBe('mountPath');
    expect(mergeKeyFor(['spec', 'template', 'spec', 'tolerations'])).toBeUndefined();
  });

  it('refuses patch directives and merge-list items without their key', () => {
    expect(() => strategicMerge({ a: 1 }, { $patch: 'replace' }, [])).toThrow(KustomizeError);
    expect(() => strategicMerge([{ name: 'a' }], [{ image: 'x' }], ['containers'])).toThrow(/needs its name/);
  });
});

describe('splitImage', () => {
  it('splits name, tag and digest, the tag after the last slash', () => {
    expect(splitImage('redis:7-alpine')).toEqual({ name: 'redis', tag: '7-alpine' });
    expect(splitImage('registry:5000/team/app')).toEqual({ name: 'registry:5000/team/app' });
    expect(splitImage('app:1@sha256:abc')).toEqual({ name: 'app', tag: '1', digest: 'sha256:abc' });
  });
});

describe('kustomizeBuild', () => {
  it('builds resources from files and directories', () => {
    const root = tree(BASE);
    const resources = kustomizeBuild(join(root, 'base'));
    expect(resources.map(resourceId)).toEqual([
      'apps/Deployment/web',
      'apps/Deployment/worker',
      'Service/web',
      'ConfigMap/settings',
    ]);
  });

  it('applies components, generators, patches, namespace and images in kustomize order', () => {
    const root = tree(OVERLAY);
    const resources = byId(kustomizeBuild(join(root, 'overlay')));
    expect(Object.keys(resources).sort()).toEqual([
      'ConfigMap/team/generated',
      'ConfigMap/team/settings',
      'Secret/team/credentials',
      'Service/team/extra',
      'Service/team/web',
      'apps/Deployment/team/web',
      'apps/Deployment/team/worker',
    ]);
    expect(resources['ConfigMap/team/settings']!['data']).toEqual({ A: '1', C: '3', FROM_COMPONENT: 'yes' });
    expect(resources['Secret/team/credentials']).toMatchObject({
      type: 'Opaque',
      data: { TOKEN: Buffer.from('s3cr=t').toString('base64') },
    });
    expect(resources['ConfigMap/team/generated']!['data']).toEqual({ MODE: 'fast' });

    const web = resources['apps/Deployment/team/web']!;
    expect(web).toMatchObject({ spec: { replicas: 2 } });
    expect(web['spec']).toMatchObject({
      template: {
        spec: {
          containers: [
            {
              name: 'main',
              image: 'registry.example.com/app:2.0',
              args: ['serve', '--fast'],
              env: [{ name: 'A', value: '10' }],
              ports: [{ containerPort: 3000, name: 'http' }],
            },
            { name: 'sidecar', image: 'example/sidecar:1' },
          ],
        },
      },
    });
    const worker = resources['apps/Deployment/team/worker']!;
    expect(worker['metadata']).toMatchObject({ name: 'worker', namespace: 'team' });
    expect(worker['spec']).toMatchObject({
      replicas: 5,
      template: {
        spec: {
          containers: [
            {
              name: 'main',
              env: [
                { name: 'B', value: '2' },
                { name: 'A', value: '1' },
              ],
            },
          ],
        },
      },
    });
  });

  it.each([
    ['an unsupported field', { 'k/kustomization.yaml': 'namePrefix: x-\nresources: []\n' }, /namePrefix/],
    [
      'a generator that would hash its name',
      { 'k/kustomization.yaml': 'secretGenerator:\n  - name: s\n    literals: [A=b]\n' },
      /disableNameSuffixHash/,
    ],
    [
      'a file outside the directory',
      { 'k/kustomization.yaml': 'resources:\n  - ../x.yaml\n', 'x.yaml': 'a: 1\n' },
      /outside/,
    ],
    [
      'a resource defined twice',
      {
        'k/kustomization.yaml': 'resources: [a.yaml, b.yaml]\n',
        'k/a.yaml': BASE['base/config.yaml'],
        'k/b.yaml': BASE['base/config.yaml'],
      },
      /already defined/,
    ],
    [
      'a patch for nothing',
      {
        'k/kustomization.yaml':
          'resources: [a.yaml]\npatches:\n  - patch: |-\n      apiVersion: v1\n      kind: ConfigMap\n      metadata:\n        name: other\n',
        'k/a.yaml': BASE['base/config.yaml'],
      },
      /matches 0 resources/,
    ],
    [
      'a JSON 6902 patch',
      {
        'k/kustomization.yaml':
          'resources: [a.yaml]\npatches:\n  - target:\n      kind: ConfigMap\n    patch: |-\n      - op: add\n        path: /data/X\n        value: y\n',
        'k/a.yaml': BASE['base/config.yaml'],
      },
      /JSON 6902/,
    ],
    [
      'a target name that only matches as a prefix (names are anchored regular expressions)',
      {
        'k/kustomization.yaml':
          'resources: [a.yaml]\npatches:\n  - target:\n      name: sett\n    patch: |-\n      apiVersion: v1\n      kind: ConfigMap\n      metadata:\n        name: x\n      data:\n        A: b\n',
        'k/a.yaml': BASE['base/config.yaml'],
      },
      /matches nothing/,
    ],
    [
      'a component built alone',
      { 'k/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n' },
      /expected kind Kustomization/,
    ],
    [
      'a namespace for an unknown kind',
      {
        'k/kustomization.yaml': 'namespace: n\nresources: [a.yaml]\n',
        'k/a.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n',
      },
      /namespaced/,
    ],
  ])('refuses %s', (_name, files, error) => {
    const root = tree(files);
    expect(() => kustomizeBuild(join(root, 'k'))).toThrow(error);
  });

  it.skipIf(!kubectl)('renders the test trees as kubectl kustomize does', () => {
    for (const [files, dir] of [
      [BASE, 'base'],
      [OVERLAY, 'overlay'],
    ] as const) {
      const root = tree(files);
      expect(byId(kustomizeBuild(join(root, dir)))).toEqual(byId(kubectlKustomize(join(root, dir))));
    }
  });

  it.skipIf(!kubectl).each(['k8s/base', 'k8s/overlays/dev', 'k8s/overlays/prod'])(
    'renders %s as kubectl kustomize does',
    (dir) => {
      expect(byId(kustomizeBuild(dir))).toEqual(byId(kubectlKustomize(dir)));
    },
  );
});
