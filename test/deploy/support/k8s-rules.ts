import { parseDuration } from '@auto-promote/config';
import { CONFIG_KEYS, REQUIRED_KEYS, SECRET_KEYS, hasPassword, tryLoadConfig } from './config-keys';
import {
  asArray,
  asObjects,
  asString,
  at,
  isObject,
  stringMap,
  text,
  type Json,
  type JsonObject,
} from './json';
import type { Resource } from './kustomize';

/**
 * The project's rules for Kubernetes objects. Each check returns the problems it finds (empty = fine), so
 * the tests can show that every rule catches its violation.
 */

export const ROLES = ['ingress', 'planner', 'dispatcher'] as const;
export const APP_LABEL = 'app.kubernetes.io/name';
export const COMPONENT_LABEL = 'app.kubernetes.io/component';
export const CONFIG_NAME = 'auto-promote';

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet']);
export const workloads = (objects: readonly Resource[]): Resource[] =>
  objects.filter((o) => WORKLOAD_KINDS.has(o.kind));
export const ofKind = (objects: readonly Resource[], kind: string): Resource[] =>
  objects.filter((o) => o.kind === kind);
export const find = (objects: readonly Resource[], kind: string, name: string): Resource | undefined =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);
const label = (o: Resource): string => `${o.kind}/${o.metadata.name}`;

export const isAutoPromote = (o: Resource): boolean =>
  stringMap(o.metadata['labels'])[APP_LABEL] === 'auto-promote';
export const podSpecOf = (o: Resource): JsonObject => {
  const spec = at(o, 'spec', 'template', 'spec');
  if (!isObject(spec)) throw new Error(`${label(o)} has no pod template`);
  return spec;
};
export const podLabelsOf = (o: Resource): Record<string, string> =>
  stringMap(at(o, 'spec', 'template', 'metadata', 'labels'));
export const containersOf = (o: Resource): JsonObject[] => [
  ...asObjects(podSpecOf(o)['initContainers']),
  ...asObjects(podSpecOf(o)['containers']),
];

/** matchLabels selection (matchExpressions are not used here and count as a mismatch). */
export function selects(selector: Json | undefined, labels: Record<string, string>): boolean {
  if (!isObject(selector)) return false;
  if (selector['matchExpressions'] !== undefined) return false;
  const wanted = stringMap(isObject(selector['matchLabels']) ? selector['matchLabels'] : selector);
  return Object.keys(wanted).length > 0 && Object.entries(wanted).every(([k, v]) => labels[k] === v);
}

/** A container's effective security setting: its own, else the pod's. */
function effectiveSecurity(pod: JsonObject, container: JsonObject, ...path: string[]): Json | undefined {
  return at(container, 'securityContext', ...path) ?? at(pod, 'securityContext', ...path);
}

/** Every container of every Deployment and StatefulSet: probes, resources, a locked-down security context. */
export function workloadProblems(objects: readonly Resource[]): string[] {
  const problems: string[] = [];
  for (const workload of workloads(objects)) {
    const pod = podSpecOf(workload);
    if (!selects(at(workload, 'spec', 'selector'), podLabelsOf(workload)))
      problems.push(`${label(workload)}: spec.selector does not select its own pod template`);
    if (pod['automountServiceAccountToken'] !== false)
      problems.push(`${label(workload)}: automountServiceAccountToken must be false (no API access needed)`);
    for (const container of containersOf(workload)) {
      const where = `${label(workload)} container ${text(container['name'])}`;
      for (const probe of ['livenessProbe', 'readinessProbe'])
        if (!isObject(container[probe])) problems.push(`${where}: no ${probe}`);
      for (const bound of ['requests', 'limits'])
        for (const resource of ['cpu', 'memory'])
          if (at(container, 'resources', bound, resource) === undefined)
            problems.push(`${where}: no resources.${bound}.${resource}`);
      if (effectiveSecurity(pod, container, 'runAsNonRoot') !== true)
        problems.push(`${where}: runAsNonRoot is not true`);
      if (effectiveSecurity(pod, container, 'runAsUser') === 0) problems.push(`${where}: runs as uid 0`);
      if (at(container, 'securityContext', 'readOnlyRootFilesystem') !== true)
        problems.push(`${where}: readOnlyRootFilesystem is not true`);
      if (at(container, 'securityContext', 'allowPrivilegeEscalation') !== false)
        problems.push(`${where}: allowPrivilegeEscalation is not false`);
      if (at(container, 'securityContext', 'privileged') === true) problems.push(`${where}: privileged`);
      if (!asArray(at(container, 'securityContext', 'capabilities', 'drop')).includes('ALL'))
        problems.push(`${where}: capabilities.drop does not include ALL`);
      if (asArray(at(container, 'securityContext', 'capabilities', 'add')).length > 0)
        problems.push(`${where}: adds capabilities`);
      if (effectiveSecurity(pod, container, 'seccompProfile', 'type') !== 'RuntimeDefault')
        problems.push(`${where}: seccompProfile is not RuntimeDefault`);
    }
  }
  return problems;
}

function containerPort(container: JsonObject, port: Json | undefined): number | undefined {
  if (typeof port === 'number') return port;
  const named = asObjects(container['ports']).find((p) => p['name'] === port);
  return typeof named?.['containerPort'] === 'number' ? named['containerPort'] : undefined;
}

/** Seconds of `preStop: exec: [sleep, N]`, 0 without one. */
function preStopSeconds(container: JsonObject): number {
  const command = asArray(at(container, 'lifecycle', 'preStop', 'exec', 'command'));
  if (command.length === 0) return 0;
  return command[0] === 'sleep' && typeof command[1] === 'string' ? Number(command[1]) : Number.NaN;
}

/**
 * The auto-promote Deployments: one per role, running `serve --role <role>` of one image as uid 1000 with a
 * writable /tmp, probes on the configured PORT, configuration from the ConfigMap and the Secret, and a
 * termination grace period longer than the drain (SHUTDOWN_TIMEOUT) plus any preStop pause.
 */
export function serviceProblems(objects: readonly Resource[], env: Record<string, string>): string[] {
  const problems: string[] = [];
  const { config } = tryLoadConfig(env);
  const port = config?.http.port ?? 3000;
  const shutdownMs = parseDuration(env['SHUTDOWN_TIMEOUT'] ?? '25s') ?? Number.NaN;
  const deployments = ofKind(objects, 'Deployment').filter(isAutoPromote);
  const names = deployments.map((d) => d.metadata.name).sort();
  if (JSON.stringify(names) !== JSON.stringify([...ROLES].sort()))
    problems.push(`auto-promote Deployments are [${names.join(', ')}], expected one per role`);
  const images = new Set<string>();
  for (const deployment of deployments) {
    const role = deployment.metadata.name;
    const pod = podSpecOf(deployment);
    const containers = asObjects(pod['containers']);
    if (podLabelsOf(deployment)[COMPONENT_LABEL] !== role)
      problems.push(`${label(deployment)}: pods are not labelled ${COMPONENT_LABEL}=${role}`);
    if (containers.length !== 1) {
      problems.push(`${label(deployment)}: expected one container`);
      continue;
    }
    const container = containers[0]!;
    const where = `${label(deployment)}`;
    const image = asString(container['image']) ?? '';
    images.add(image);
    if (!/:[\w][\w.-]*$|@sha256:[0-9a-f]{64}$/.test(image) || image.endsWith(':latest'))
      problems.push(`${where}: image ${image} is not pinned to a tag or digest`);
    if (JSON.stringify(container['args']) !== JSON.stringify(['serve', '--role', role]))
      problems.push(`${where}: args are ${JSON.stringify(container['args'])}, expected serve --role ${role}`);
    if (container['command'] !== undefined) problems.push(`${where}: overrides the image's entrypoint`);
    if (effectiveSecurity(pod, container, 'runAsUser') !== 1000)
      problems.push(`${where}: not run as uid 1000 (node)`);
    const tmp = asObjects(container['volumeMounts']).find((m) => m['mountPath'] === '/tmp');
    const tmpVolume = asObjects(pod['volumes']).find((v) => v['name'] === tmp?.['name']);
    if (!isObject(tmpVolume?.['emptyDir'])) problems.push(`${where}: no emptyDir mounted at /tmp`);
    for (const [probe, path] of [
      ['livenessProbe', '/healthz'],
      ['readinessProbe', '/readyz'],
    ] as const) {
      const get = at(container, probe, 'httpGet');
      if (!isObject(get) || get['path'] !== path) problems.push(`${where}: ${probe} is not GET ${path}`);
      else if (containerPort(container, get['port']) !== port)
        problems.push(`${where}: ${probe} does not probe PORT ${port}`);
    }
    const from = asObjects(container['envFrom']);
    if (!from.some((f) => at(f, 'configMapRef', 'name') === CONFIG_NAME))
      problems.push(`${where}: does not read the ConfigMap ${CONFIG_NAME}`);
    if (!from.some((f) => at(f, 'secretRef', 'name') === CONFIG_NAME))
      problems.push(`${where}: does not read the Secret ${CONFIG_NAME}`);
    for (const entry of asObjects(container['env']))
      if (!CONFIG_KEYS.includes(text(entry['name'])))
        problems.push(`${where}: env ${text(entry['name'])} is no configuration key`);
    const grace = pod['terminationGracePeriodSeconds'];
    const needed = shutdownMs / 1000 + preStopSeconds(container);
    if (typeof grace !== 'number' || !(grace > needed))
      problems.push(
        `${where}: terminationGracePeriodSeconds ${text(grace)} must exceed ${needed}s (drain + preStop)`,
      );
  }
  if (images.size > 1) problems.push(`the roles run different images: ${[...images].join(', ')}`);
  return problems;
}

/** Selectors and references that must point at something: Services, PDBs, HPAs, NetworkPolicies, envFrom. */
export function referenceProblems(
  objects: readonly Resource[],
  outOfBandSecrets: readonly string[] = [],
): string[] {
  const problems: string[] = [];
  const pods = workloads(objects);
  for (const service of ofKind(objects, 'Service')) {
    const selected = pods.filter((w) => selects(at(service, 'spec', 'selector'), podLabelsOf(w)));
    if (selected.length === 0) problems.push(`${label(service)}: selects no pods`);
    for (const port of asObjects(at(service, 'spec', 'ports'))) {
      const target = port['targetPort'] ?? port['port'];
      for (const workload of selected)
        if (!containersOf(workload).some((c) => containerPort(c, target) !== undefined))
          problems.push(`${label(service)}: targetPort ${text(target)} is no port of ${label(workload)}`);
    }
  }
  for (const pdb of ofKind(objects, 'PodDisruptionBudget')) {
    const selected = pods.filter((w) => selects(at(pdb, 'spec', 'selector'), podLabelsOf(w)));
    if (selected.length !== 1)
      problems.push(`${label(pdb)}: selects ${selected.length} workloads, expected 1`);
  }
  for (const hpa of ofKind(objects, 'HorizontalPodAutoscaler')) {
    const target = find(
      objects,
      text(at(hpa, 'spec', 'scaleTargetRef', 'kind')),
      text(at(hpa, 'spec', 'scaleTargetRef', 'name')),
    );
    if (!target) problems.push(`${label(hpa)}: scaleTargetRef names nothing`);
    else if (at(target, 'spec', 'replicas') !== undefined)
      problems.push(`${label(target)}: sets spec.replicas although ${label(hpa)} owns the replica count`);
    const min = at(hpa, 'spec', 'minReplicas') ?? 1;
    const max = at(hpa, 'spec', 'maxReplicas');
    if (typeof min !== 'number' || typeof max !== 'number' || min > max)
      problems.push(`${label(hpa)}: minReplicas ${text(min)} > maxReplicas ${text(max)}`);
  }
  for (const policy of ofKind(objects, 'NetworkPolicy')) {
    if (!pods.some((w) => selects(at(policy, 'spec', 'podSelector'), podLabelsOf(w))))
      problems.push(`${label(policy)}: podSelector selects no pods`);
  }
  for (const workload of pods) {
    for (const container of containersOf(workload)) {
      for (const from of asObjects(container['envFrom'])) {
        const configMap = asString(at(from, 'configMapRef', 'name'));
        const secret = asString(at(from, 'secretRef', 'name'));
        if (configMap !== undefined && !find(objects, 'ConfigMap', configMap))
          problems.push(`${label(workload)}: ConfigMap ${configMap} does not exist`);
        if (secret !== undefined && !find(objects, 'Secret', secret) && !outOfBandSecrets.includes(secret))
          problems.push(`${label(workload)}: Secret ${secret} does not exist`);
      }
    }
  }
  return problems;
}

/** Key → value of a ConfigMap (data) or a Secret (data, base64, and stringData). */
export function keyValues(object: Resource | undefined): Record<string, string> {
  if (!object) return {};
  const decoded = Object.fromEntries(
    Object.entries(stringMap(object['data'])).map(([k, v]) =>
      object.kind === 'Secret' ? [k, Buffer.from(v, 'base64').toString('utf8')] : [k, v],
    ),
  );
  return { ...decoded, ...stringMap(object['stringData']) };
}

/**
 * The configuration as the pods receive it: only configuration keys, secrets only in the Secret, each key
 * from one place, every required key present, and loadConfig accepting the whole.
 */
export function configProblems(configMap: Resource | undefined, secret: Resource | undefined): string[] {
  const problems: string[] = [];
  if (!configMap) return [`no ConfigMap ${CONFIG_NAME}`];
  if (!secret) return [`no Secret ${CONFIG_NAME}`];
  const fromConfigMap = keyValues(configMap);
  const fromSecret = keyValues(secret);
  for (const [source, values] of [
    ['ConfigMap', fromConfigMap],
    ['Secret', fromSecret],
  ] as const) {
    for (const key of Object.keys(values))
      if (!CONFIG_KEYS.includes(key))
        problems.push(`${source} ${CONFIG_NAME}: ${key} is no configuration key`);
  }
  for (const key of SECRET_KEYS)
    if (key in fromConfigMap)
      problems.push(`ConfigMap ${CONFIG_NAME}: ${key} is a secret; put it in the Secret`);
  if (fromConfigMap['REDIS_URL'] !== undefined && hasPassword(fromConfigMap['REDIS_URL']))
    problems.push(`ConfigMap ${CONFIG_NAME}: REDIS_URL holds a password; put it in the Secret`);
  for (const key of Object.keys(fromSecret))
    if (key in fromConfigMap) problems.push(`${key} is in both the ConfigMap and the Secret`);
  const env = { ...fromConfigMap, ...fromSecret };
  for (const key of [...REQUIRED_KEYS, 'REDIS_URL'])
    if (!(key in env)) problems.push(`${key} is provided by neither the ConfigMap nor the Secret`);
  problems.push(...tryLoadConfig(env).problems.map((p) => `loadConfig: ${p}`));
  return problems;
}

/** The in-cluster Redis, when there is one: AOF, noeviction, persistent /data, reachable as REDIS_URL says. */
export function redisProblems(objects: readonly Resource[], env: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const redis of ofKind(objects, 'StatefulSet').filter(
    (s) => stringMap(s.metadata['labels'])[APP_LABEL] === 'redis',
  )) {
    const container = asObjects(podSpecOf(redis)['containers']).find((c) => c['name'] === 'redis');
    const argv = [...asArray(container?.['command']), ...asArray(container?.['args'])].map(String).join(' ');
    if (!/--appendonly yes\b/.test(argv)) problems.push(`${label(redis)}: not started with --appendonly yes`);
    if (!/--maxmemory-policy noeviction\b/.test(argv))
      problems.push(`${label(redis)}: not started with --maxmemory-policy noeviction`);
    const claims = asObjects(at(redis, 'spec', 'volumeClaimTemplates')).map((t) =>
      text(at(t, 'metadata', 'name')),
    );
    const data = asObjects(container?.['volumeMounts']).find((m) => m['mountPath'] === '/data');
    if (!data || !claims.includes(text(data['name'])))
      problems.push(`${label(redis)}: /data is not a volumeClaimTemplate`);
    const serviceName = asString(at(redis, 'spec', 'serviceName'));
    const service = serviceName === undefined ? undefined : find(objects, 'Service', serviceName);
    if (
      !service ||
      at(service, 'spec', 'clusterIP') !== 'None' ||
      !selects(at(service, 'spec', 'selector'), podLabelsOf(redis))
    )
      problems.push(`${label(redis)}: serviceName is not a headless Service selecting it`);
    const url = env['REDIS_URL'];
    const host = url === undefined ? undefined : new URL(url).hostname.split('.')[0];
    if (host !== serviceName)
      problems.push(`REDIS_URL ${String(url)} does not point at the Service ${String(serviceName)}`);
  }
  return problems;
}

const ports = (rule: JsonObject): string[] =>
  asObjects(rule['ports']).map((p) => `${text(p['protocol'] ?? 'TCP')}/${text(p['port'])}`);

/**
 * NetworkPolicies: every auto-promote pod is covered for Ingress and Egress; the only rules open to any
 * source are for the ingress pods' port 3000; other sources reach port 3000 only; egress allows DNS and Redis.
 */
export function networkPolicyProblems(objects: readonly Resource[]): string[] {
  const problems: string[] = [];
  const policies = ofKind(objects, 'NetworkPolicy');
  for (const workload of workloads(objects).filter(isAutoPromote)) {
    const labels = podLabelsOf(workload);
    const applying = policies.filter((p) => selects(at(p, 'spec', 'podSelector'), labels));
    const types = new Set(applying.flatMap((p) => asArray(at(p, 'spec', 'policyTypes')).map(String)));
    for (const type of ['Ingress', 'Egress'])
      if (!types.has(type)) problems.push(`${label(workload)}: no NetworkPolicy restricts ${type}`);
    const egress = applying.flatMap((p) => asObjects(at(p, 'spec', 'egress')));
    const egressPorts = new Set(egress.flatMap(ports));
    for (const needed of ['UDP/53', 'TCP/6379'])
      if (!egressPorts.has(needed)) problems.push(`${label(workload)}: egress to ${needed} is not allowed`);
    for (const policy of applying) {
      for (const rule of asObjects(at(policy, 'spec', 'ingress'))) {
        const where = `${label(policy)} → ${label(workload)}`;
        if (JSON.stringify(ports(rule)) !== JSON.stringify(['TCP/3000']))
          problems.push(`${where}: ingress rule opens [${ports(rule).join(', ')}], expected TCP/3000 only`);
        if (rule['from'] === undefined && labels[COMPONENT_LABEL] !== 'ingress')
          problems.push(`${where}: accepts traffic from anywhere`);
      }
    }
  }
  return problems;
}
