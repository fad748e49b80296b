import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REQUIRED_KEYS } from './support/config-keys';
import { asObjects, at, isObject, stringMap, text, type Json, type JsonObject } from './support/json';
import { SCHEMA_PACKAGES, kubernetesValidator, packageVersion } from './support/k8s-schemas';
import {
  CONFIG_NAME,
  configProblems,
  find,
  keyValues,
  networkPolicyProblems,
  ofKind,
  podSpecOf,
  redisProblems,
  referenceProblems,
  serviceProblems,
  workloadProblems,
} from './support/k8s-rules';
import { kustomizeBuild, toResource, type Resource } from './support/kustomize';
import { readYamlDocument } from './support/yaml-files';

// k8s/: every object of every target (base, and each overlay composed on it) is valid against the
// Kubernetes JSON schemas in the strict flavour, and follows the project's rules. The last part shows
// that each rule fails when its rule is broken.

const TARGETS = { base: 'k8s/base', dev: 'k8s/overlays/dev', prod: 'k8s/overlays/prod' } as const;
type Target = keyof typeof TARGETS;
const rendered: Record<Target, Resource[]> = {
  base: kustomizeBuild(TARGETS.base),
  dev: kustomizeBuild(TARGETS.dev),
  prod: kustomizeBuild(TARGETS.prod),
};
const SECRET_EXAMPLE = 'k8s/base/secret.example.yaml';
const secretExample = toResource(readYamlDocument(SECRET_EXAMPLE), SECRET_EXAMPLE);
const validator = kubernetesValidator();

/** The Secret the pods read: rendered by the overlay, else created out of band like the example. */
const secretOf = (objects: readonly Resource[]): Resource =>
  find(objects, 'Secret', CONFIG_NAME) ?? secretExample;
const envOf = (objects: readonly Resource[]): Record<string, string> => ({
  ...keyValues(find(objects, 'ConfigMap', CONFIG_NAME)),
  ...keyValues(secretOf(objects)),
});
const allProblems = (objects: readonly Resource[]): string[] => {
  const env = envOf(objects);
  return [
    ...workloadProblems(objects),
    ...serviceProblems(objects, env),
    ...referenceProblems(objects, [secretExample.metadata.name]),
    ...configProblems(find(objects, 'ConfigMap', CONFIG_NAME), secretOf(objects)),
    ...redisProblems(objects, env),
    ...networkPolicyProblems(objects),
  ];
};

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

describe('Kubernetes JSON schemas', () => {
  it('come from pinned npm packages and cover every kind k8s/ uses', () => {
    expect(SCHEMA_PACKAGES.map((name) => `${name}@${packageVersion(name)}`)).toEqual([
      'kubernetes-models@4.3.1',
      '@kubernetes-models/apimachinery@1.2.2',
    ]);
    for (const [apiVersion, kind] of [
      ['apps/v1', 'Deployment'],
      ['apps/v1', 'StatefulSet'],
      ['v1', 'Service'],
      ['v1', 'ConfigMap'],
      ['v1', 'Secret'],
      ['autoscaling/v2', 'HorizontalPodAutoscaler'],
      ['policy/v1', 'PodDisruptionBudget'],
      ['networking.k8s.io/v1', 'NetworkPolicy'],
    ] as const)
      expect(validator.idFor(apiVersion, kind), `${apiVersion} ${kind}`).toBeDefined();
  });

  it('reject unknown and misplaced fields, wrong types and bad quantities', () => {
    const deployment = structuredClone(find(rendered.dev, 'Deployment', 'ingress')!);
    const container = asObjects(podSpecOf(deployment)['containers'])[0]!;
    container['readinessprobe'] = {};
    podSpecOf(deployment)['readOnlyRootFilesystem'] = true;
    (container['resources'] as JsonObject)['limits'] = { cpu: 'a lot' };
    (deployment['spec'] as JsonObject)['replicas'] = 'two';
    const problems = validator.validate(deployment);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("additional properties 'readinessprobe'"),
        expect.stringContaining("additional properties 'readOnlyRootFilesystem'"),
        expect.stringContaining('must match format "quantity"'),
        '/spec/replicas must be integer',
      ]),
    );
    expect(
      validator.validate({ apiVersion: 'autoscaling/v2beta9', kind: 'HorizontalPodAutoscaler' }),
    ).toEqual(['no schema for apiVersion autoscaling/v2beta9 kind HorizontalPodAutoscaler']);
  });
});

describe('k8s/ files', () => {
  it('are all used by a kustomization, except the Secret example', () => {
    const used = new Set<string>();
    for (const file of yamlFiles('k8s').filter((f) => /kustomization\.ya?ml$/.test(f))) {
      const k = readYamlDocument(file);
      const dir = join(file, '..');
      for (const field of ['resources', 'components'])
        for (const entry of (isObject(k) ? (k[field] as Json[] | undefined) : undefined) ?? [])
          used.add(relative('.', join(dir, text(entry))));
      for (const patch of isObject(k) ? asObjects(k['patches']) : [])
        if (typeof patch['path'] === 'string') used.add(relative('.', join(dir, patch['path'])));
      used.add(file);
    }
    const unused = yamlFiles('k8s').filter((f) => !used.has(f));
    expect(unused).toEqual([SECRET_EXAMPLE]);
    expect(readYamlDocument('k8s/base/kustomization.yaml')).not.toMatchObject({
      resources: expect.arrayContaining(['secret.example.yaml']),
    });
  });

  it('include a valid Secret example with every secret key and nothing else', () => {
    expect(validator.validate(secretExample)).toEqual([]);
    expect(Object.keys(keyValues(secretExample)).sort()).toEqual(
      ['ADMIN_PASSWORD', 'GITLAB_TOKEN', 'GITLAB_WEBHOOK_SECRET', 'JENKINS_API_TOKEN', 'REDIS_URL'].sort(),
    );
  });
});

describe.each(Object.keys(TARGETS) as Target[])('%s', (target) => {
  const objects = rendered[target];

  it('is valid against the Kubernetes schemas (strict)', () => {
    const invalid = objects
      .map((o) => ({ id: `${o.kind}/${o.metadata.name}`, problems: validator.validate(o) }))
      .filter((r) => r.problems.length > 0);
    expect(invalid).toEqual([]);
  });

  it('follows the project rules', () => {
    expect(allProblems(objects)).toEqual([]);
  });

  it('gives the pods every required key, secrets from the Secret', () => {
    const env = envOf(objects);
    for (const key of REQUIRED_KEYS) expect(env[key], key).toBeTruthy();
    expect(REQUIRED_KEYS).toHaveLength(7);
  });
});

describe('overlays', () => {
  const replicasOf = (objects: readonly Resource[], name: string): number[] => {
    const hpa = find(objects, 'HorizontalPodAutoscaler', name);
    if (hpa) return [Number(at(hpa, 'spec', 'minReplicas')), Number(at(hpa, 'spec', 'maxReplicas'))];
    const replicas = Number(at(find(objects, 'Deployment', name), 'spec', 'replicas') ?? 1);
    return [replicas, replicas];
  };

  it('dev runs one replica of each role and its own Redis, in its namespace', () => {
    for (const role of ['ingress', 'planner', 'dispatcher'])
      expect(replicasOf(rendered.dev, role), role).toEqual([1, 1]);
    expect(new Set(rendered.dev.map((o) => o.metadata['namespace']))).toEqual(new Set(['auto-promote-dev']));
    expect(new Set(rendered.dev.map((o) => o.kind))).toEqual(
      new Set([
        'ConfigMap',
        'Secret',
        'Service',
        'Deployment',
        'StatefulSet',
        'PodDisruptionBudget',
        'HorizontalPodAutoscaler',
        'NetworkPolicy',
      ]),
    );
    expect(keyValues(find(rendered.dev, 'ConfigMap', CONFIG_NAME))['REDIS_URL']).toBe('redis://redis:6379');
    expect(find(rendered.dev, 'StatefulSet', 'redis')).toBeDefined();
  });

  it('prod runs more replicas with more resources, on an external Redis with a hash-tagged prefix', () => {
    expect(replicasOf(rendered.prod, 'ingress')[0]).toBeGreaterThanOrEqual(3);
    for (const role of ['planner', 'dispatcher'])
      expect(replicasOf(rendered.prod, role)[0], role).toBeGreaterThan(replicasOf(rendered.base, role)[0]!);
    expect(ofKind(rendered.prod, 'StatefulSet')).toEqual([]);
    expect(keyValues(find(rendered.prod, 'ConfigMap', CONFIG_NAME))['QUEUE_PREFIX']).toMatch(/^\{[^{}]+\}/);
    expect(find(rendered.prod, 'ConfigMap', CONFIG_NAME)!['data']).not.toHaveProperty('REDIS_URL');
    const millicores = (q: Json | undefined): number =>
      text(q).endsWith('m') ? parseInt(text(q), 10) : Number(q) * 1000;
    for (const role of ['ingress', 'planner', 'dispatcher']) {
      const cpu = (objects: Resource[]) =>
        millicores(
          at(
            asObjects(podSpecOf(find(objects, 'Deployment', role)!)['containers'])[0],
            'resources',
            'requests',
            'cpu',
          ),
        );
      expect(cpu(rendered.prod), role).toBeGreaterThan(cpu(rendered.base));
    }
    expect(new Set(rendered.prod.map((o) => o.metadata['namespace']))).toEqual(new Set(['auto-promote']));
  });
});

// ---- each rule catches what it is for ---------------------------------------------------------------

type Mutation = (objects: Resource[]) => void;
const objectOf = (objects: Resource[], kind: string, name: string): Resource => {
  const object = find(objects, kind, name);
  if (!object) throw new Error(`no ${kind}/${name}`);
  return object;
};
const containerOf = (objects: Resource[], kind: string, name: string): JsonObject =>
  asObjects(podSpecOf(objectOf(objects, kind, name))['containers'])[0]!;
const security = (container: JsonObject): JsonObject => container['securityContext'] as JsonObject;
const data = (object: Resource): JsonObject => (object['data'] ??= {}) as JsonObject;
const secretData = (objects: Resource[]): JsonObject => data(objectOf(objects, 'Secret', CONFIG_NAME));
const b64 = (text: string): string => Buffer.from(text).toString('base64');

const MUTATIONS: Array<[string, Mutation, string]> = [
  [
    'a container without a readiness probe',
    (o) => delete containerOf(o, 'Deployment', 'ingress')['readinessProbe'],
    'Deployment/ingress container auto-promote: no readinessProbe',
  ],
  [
    'Redis without a liveness probe',
    (o) => delete containerOf(o, 'StatefulSet', 'redis')['livenessProbe'],
    'StatefulSet/redis container redis: no livenessProbe',
  ],
  [
    'a container without a memory limit',
    (o) =>
      delete (at(containerOf(o, 'Deployment', 'dispatcher'), 'resources', 'limits') as JsonObject)['memory'],
    'no resources.limits.memory',
  ],
  [
    'a container allowed to run as root',
    (o) => void (security(containerOf(o, 'Deployment', 'planner'))['runAsNonRoot'] = false),
    'planner container auto-promote: runAsNonRoot is not true',
  ],
  [
    'a writable root filesystem',
    (o) => void (security(containerOf(o, 'StatefulSet', 'redis'))['readOnlyRootFilesystem'] = false),
    'redis: readOnlyRootFilesystem is not true',
  ],
  [
    'privilege escalation',
    (o) => delete security(containerOf(o, 'Deployment', 'ingress'))['allowPrivilegeEscalation'],
    'allowPrivilegeEscalation is not false',
  ],
  [
    'capabilities kept',
    (o) => void (security(containerOf(o, 'Deployment', 'ingress'))['capabilities'] = { drop: ['NET_RAW'] }),
    'capabilities.drop does not include ALL',
  ],
  [
    'no seccomp profile',
    (o) => {
      delete security(containerOf(o, 'Deployment', 'ingress'))['seccompProfile'];
      delete (podSpecOf(objectOf(o, 'Deployment', 'ingress'))['securityContext'] as JsonObject)[
        'seccompProfile'
      ];
    },
    'seccompProfile is not RuntimeDefault',
  ],
  [
    'a grace period shorter than the drain',
    (o) => void (podSpecOf(objectOf(o, 'Deployment', 'planner'))['terminationGracePeriodSeconds'] = 20),
    'Deployment/planner: terminationGracePeriodSeconds 20',
  ],
  [
    'a grace period that ignores the preStop pause',
    (o) => void (podSpecOf(objectOf(o, 'Deployment', 'ingress'))['terminationGracePeriodSeconds'] = 28),
    'must exceed 30s',
  ],
  [
    'a role running another role',
    (o) => void (containerOf(o, 'Deployment', 'dispatcher')['args'] = ['serve', '--role', 'planner']),
    'expected serve --role dispatcher',
  ],
  [
    'an unpinned image',
    (o) => void (containerOf(o, 'Deployment', 'ingress')['image'] = 'auto-promote:latest'),
    'is not pinned',
  ],
  [
    'readiness on /healthz',
    (o) =>
      void (containerOf(o, 'Deployment', 'planner')['readinessProbe'] = {
        httpGet: { path: '/healthz', port: 'http' },
      }),
    'readinessProbe is not GET /readyz',
  ],
  [
    'no writable /tmp',
    (o) => void (containerOf(o, 'Deployment', 'dispatcher')['volumeMounts'] = []),
    'no emptyDir mounted at /tmp',
  ],
  [
    'a probe on another port',
    (o) =>
      void ((at(containerOf(o, 'Deployment', 'ingress'), 'livenessProbe', 'httpGet') as JsonObject)['port'] =
        8080),
    'livenessProbe does not probe PORT 3000',
  ],
  [
    'replicas fighting the HPA',
    (o) => void ((objectOf(o, 'Deployment', 'planner')['spec'] as JsonObject)['replicas'] = 2),
    'Deployment/planner: sets spec.replicas although',
  ],
  [
    'a Service selecting nothing',
    (o) =>
      void ((objectOf(o, 'Service', 'auto-promote')['spec'] as JsonObject)['selector'] = {
        'app.kubernetes.io/component': 'ingres',
      }),
    'Service/auto-promote: selects no pods',
  ],
  [
    'a PDB selecting two workloads',
    (o) =>
      void ((objectOf(o, 'PodDisruptionBudget', 'ingress')['spec'] as JsonObject)['selector'] = {
        matchLabels: { 'app.kubernetes.io/name': 'auto-promote' },
      }),
    'PodDisruptionBudget/ingress: selects 3 workloads',
  ],
  [
    'a secret in the ConfigMap',
    (o) => void (data(objectOf(o, 'ConfigMap', CONFIG_NAME))['GITLAB_TOKEN'] = 'x'),
    'GITLAB_TOKEN is a secret',
  ],
  [
    'an unknown key in the ConfigMap',
    (o) => void (data(objectOf(o, 'ConfigMap', CONFIG_NAME))['GITLAB_HOST'] = 'x'),
    'GITLAB_HOST is no configuration key',
  ],
  [
    'a missing required secret',
    (o) => delete secretData(o)['JENKINS_API_TOKEN'],
    'JENKINS_API_TOKEN is provided by neither',
  ],
  [
    'a Redis password in the ConfigMap',
    (o) => void (data(objectOf(o, 'ConfigMap', CONFIG_NAME))['REDIS_URL'] = 'redis://:pw@redis:6379'),
    'REDIS_URL holds a password',
  ],
  ['a key in both places', (o) => void (secretData(o)['LOG_LEVEL'] = b64('info')), 'LOG_LEVEL is in both'],
  [
    'a value the service rejects',
    (o) => void (data(objectOf(o, 'ConfigMap', CONFIG_NAME))['LOG_LEVEL'] = 'loud'),
    'loadConfig: LOG_LEVEL',
  ],
  [
    'Redis without AOF',
    (o) => void (containerOf(o, 'StatefulSet', 'redis')['args'] = ['--maxmemory-policy', 'noeviction']),
    'not started with --appendonly yes',
  ],
  [
    'an evicting Redis',
    (o) =>
      void (containerOf(o, 'StatefulSet', 'redis')['args'] = [
        '--appendonly',
        'yes',
        '--maxmemory-policy',
        'allkeys-lru',
      ]),
    'noeviction',
  ],
  [
    'REDIS_URL elsewhere',
    (o) => void (data(objectOf(o, 'ConfigMap', CONFIG_NAME))['REDIS_URL'] = 'redis://cache:6379'),
    'does not point at the Service redis',
  ],
  [
    'webhooks open to every pod',
    (o) =>
      void ((objectOf(o, 'NetworkPolicy', 'auto-promote-webhooks')['spec'] as JsonObject)['podSelector'] = {
        matchLabels: { 'app.kubernetes.io/name': 'auto-promote' },
      }),
    'Deployment/planner: accepts traffic from anywhere',
  ],
  [
    'no DNS',
    (o) => void (at(objectOf(o, 'NetworkPolicy', 'auto-promote'), 'spec', 'egress') as Json[]).shift(),
    'egress to UDP/53 is not allowed',
  ],
];

describe('the rules', () => {
  it.each(MUTATIONS)('catch %s', (_name, mutate, expected) => {
    const objects = structuredClone(rendered.dev);
    expect(allProblems(objects)).toEqual([]);
    mutate(objects);
    expect(allProblems(objects).join('\n')).toContain(expected);
  });

  it('catch a Secret reference to nothing', () => {
    const objects = rendered.prod.map((o) => structuredClone(o));
    expect(referenceProblems(objects, [])).toEqual([
      'Deployment/ingress: Secret auto-promote does not exist',
      'Deployment/planner: Secret auto-promote does not exist',
      'Deployment/dispatcher: Secret auto-promote does not exist',
    ]);
    expect(stringMap(objectOf(objects, 'ConfigMap', CONFIG_NAME)['data'])['QUEUE_PREFIX']).toBe(
      '{auto-promote}',
    );
  });
});
