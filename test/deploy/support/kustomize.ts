import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { clone, isObject, stringMap, text, type Json, type JsonObject } from './json';
import { parseYamlDocuments, readYamlDocuments } from './yaml-files';

/**
 * A small, honest subset of `kustomize build` (what `kubectl apply -k` runs), enough for k8s/ and no more.
 * Anything outside the subset throws instead of being ignored, so a kustomization this helper accepts
 * renders here as kustomize renders it (the tests compare both when kubectl is installed).
 *
 * Supported: `resources` (files and directories), `components`, `namespace`, `images`, `patches` (strategic
 * merge only, from `path` or inline `patch`, with or without `target`), and `configMapGenerator` /
 * `secretGenerator` with `literals` and `options.disableNameSuffixHash: true` (no hash suffixes, so no name
 * references to rewrite). Order as kustomize's: resources, components, generators, then patches, namespace,
 * images. Stricter than kustomize: a patch whose target matches nothing is an error.
 */

export interface Resource extends JsonObject {
  apiVersion: string;
  kind: string;
  metadata: JsonObject & { name: string };
}

export class KustomizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KustomizeError';
  }
}

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const KINDS = {
  Kustomization: 'kustomize.config.k8s.io/v1beta1',
  Component: 'kustomize.config.k8s.io/v1alpha1',
} as const;
type KustomizationKind = keyof typeof KINDS;

const SUPPORTED_FIELDS = new Set([
  'apiVersion',
  'kind',
  'resources',
  'components',
  'namespace',
  'images',
  'patches',
  'configMapGenerator',
  'secretGenerator',
]);

/** Kinds this helper may put in a namespace; any other kind is refused rather than guessed. */
const NAMESPACED_KINDS = new Set([
  'ConfigMap',
  'Secret',
  'Service',
  'ServiceAccount',
  'Deployment',
  'StatefulSet',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
  'NetworkPolicy',
  'PersistentVolumeClaim',
]);

export function toResource(value: Json, source: string): Resource {
  if (!isObject(value)) throw new KustomizeError(`${source}: a resource must be a mapping`);
  const { apiVersion, kind, metadata } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string')
    throw new KustomizeError(`${source}: a resource needs apiVersion and kind`);
  if (!isObject(metadata) || typeof metadata['name'] !== 'string')
    throw new KustomizeError(`${source}: ${kind} needs metadata.name`);
  return value as Resource;
}

const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.split('/')[0]! : '');
const versionOf = (apiVersion: string): string => apiVersion.split('/').pop()!;
const namespaceOf = (resource: Resource): string =>
  typeof resource.metadata['namespace'] === 'string' ? resource.metadata['namespace'] : '';

/** kustomize's resource id: group, kind, namespace and name (two versions of one object conflict). */
export function resourceId(resource: Resource): string {
  const group = groupOf(resource.apiVersion);
  const ns = namespaceOf(resource);
  return `${group ? `${group}/` : ''}${resource.kind}/${ns ? `${ns}/` : ''}${resource.metadata.name}`;
}

function stringList(value: Json | undefined, field: string, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string'))
    throw new KustomizeError(`${where}: ${field} must be a list of strings`);
  return value;
}

function objectList(value: Json | undefined, field: string, where: string): JsonObject[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every(isObject))
    throw new KustomizeError(`${where}: ${field} must be a list of mappings`);
  return value;
}

function onlyKeys(value: JsonObject, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key))
      throw new KustomizeError(`${where}: '${key}' is not supported by this helper`);
  }
}

function kustomizationFile(dir: string): string {
  for (const name of KUSTOMIZATION_FILES) {
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  throw new KustomizeError(`${dir}: no kustomization.yaml`);
}

/** Files a kustomization reads must be in or below its directory (kustomize's default load restrictor). */
function fileInRoot(root: string, reference: string): string {
  const path = resolve(root, reference);
  const rel = relative(root, path);
  if (rel.startsWith('..') || isAbsolute(rel))
    throw new KustomizeError(`${root}: ${reference} is outside the kustomization's directory`);
  if (!existsSync(path)) throw new KustomizeError(`${root}: ${reference} does not exist`);
  return path;
}

function readKustomization(dir: string, expected: KustomizationKind): JsonObject {
  const file = kustomizationFile(dir);
  const documents = readYamlDocuments(file);
  const k = documents[0];
  if (documents.length !== 1 || !isObject(k)) throw new KustomizeError(`${file}: expected one mapping`);
  const kind = k['kind'] ?? 'Kustomization';
  if (kind !== expected) throw new KustomizeError(`${file}: expected kind ${expected}, found ${text(kind)}`);
  if (k['apiVersion'] !== undefined && k['apiVersion'] !== KINDS[expected])
    throw new KustomizeError(`${file}: ${expected} must be ${KINDS[expected]}`);
  for (const key of Object.keys(k)) {
    if (!SUPPORTED_FIELDS.has(key))
      throw new KustomizeError(`${file}: '${key}' is not supported by this helper`);
  }
  return k;
}

class ResourceList {
  readonly items: Resource[] = [];

  add(resource: Resource, source: string): void {
    const id = resourceId(resource);
    if (this.items.some((r) => resourceId(r) === id))
      throw new KustomizeError(`${source}: ${id} is already defined (may not add a resource twice)`);
    this.items.push(resource);
  }
}

/** `kustomize build <dir>`: the resources of a Kustomization, generated, patched and transformed. */
export function kustomizeBuild(dir: string): Resource[] {
  const list = new ResourceList();
  accumulate(resolve(dir), 'Kustomization', list);
  return list.items;
}

function accumulate(dir: string, kind: KustomizationKind, list: ResourceList): void {
  const k = readKustomization(dir, kind);
  const where = kustomizationFile(dir);

  for (const reference of stringList(k['resources'], 'resources', where)) {
    if (/^[a-z]+:\/\//i.test(reference)) throw new KustomizeError(`${where}: remote resource ${reference}`);
    const path = resolve(dir, reference);
    if (existsSync(path) && statSync(path).isDirectory()) {
      for (const resource of kustomizeBuild(path)) list.add(resource, where);
    } else {
      const file = fileInRoot(dir, reference);
      for (const document of readYamlDocuments(file)) list.add(toResource(document, file), file);
    }
  }
  for (const reference of stringList(k['components'], 'components', where)) {
    const path = resolve(dir, reference);
    if (!existsSync(path) || !statSync(path).isDirectory())
      throw new KustomizeError(`${where}: component ${reference} is not a directory`);
    // A component works on the resources accumulated so far by the kustomization that includes it.
    accumulate(path, 'Component', list);
  }
  for (const generator of objectList(k['configMapGenerator'], 'configMapGenerator', where))
    list.add(generate('ConfigMap', generator, where), where);
  for (const generator of objectList(k['secretGenerator'], 'secretGenerator', where))
    list.add(generate('Secret', generator, where), where);

  for (const patch of objectList(k['patches'], 'patches', where)) applyPatch(dir, patch, list.items, where);
  if (k['namespace'] !== undefined) setNamespace(k['namespace'], list.items, where);
  for (const image of objectList(k['images'], 'images', where)) setImage(image, list.items, where);
}

function generate(kind: 'ConfigMap' | 'Secret', generator: JsonObject, where: string): Resource {
  onlyKeys(generator, ['name', 'namespace', 'behavior', 'literals', 'options', 'type'], `${where} ${kind}`);
  const name = generator['name'];
  if (typeof name !== 'string') throw new KustomizeError(`${where}: a ${kind} generator needs a name`);
  if ((generator['behavior'] ?? 'create') !== 'create')
    throw new KustomizeError(`${where}: generator ${name}: only behavior create is supported`);
  const options = generator['options'];
  if (!isObject(options) || options['disableNameSuffixHash'] !== true)
    throw new KustomizeError(
      `${where}: generator ${name}: set options.disableNameSuffixHash: true (this helper does not hash names)`,
    );
  onlyKeys(options, ['disableNameSuffixHash'], `${where} generator ${name} options`);
  if (kind === 'ConfigMap' && generator['type'] !== undefined)
    throw new KustomizeError(`${where}: generator ${name}: type is for Secrets`);

  const data: JsonObject = {};
  for (const literal of stringList(generator['literals'], 'literals', where)) {
    const eq = literal.indexOf('=');
    if (eq <= 0) throw new KustomizeError(`${where}: literal '${literal}' is not KEY=value`);
    const key = literal.slice(0, eq);
    const value = literal.slice(eq + 1);
    if (/^["']/.test(value)) throw new KustomizeError(`${where}: quoted literal values are not supported`);
    if (key in data) throw new KustomizeError(`${where}: literal ${key} is given twice`);
    data[key] = kind === 'Secret' ? Buffer.from(value, 'utf8').toString('base64') : value;
  }
  const metadata: Resource['metadata'] = { name };
  if (typeof generator['namespace'] === 'string') metadata['namespace'] = generator['namespace'];
  const resource: Resource = { apiVersion: 'v1', kind, metadata, data };
  if (kind === 'Secret')
    resource['type'] = typeof generator['type'] === 'string' ? generator['type'] : 'Opaque';
  return resource;
}

// ---- patches -------------------------------------------------------------------------------------------

const anchored = (pattern: string): RegExp => new RegExp(`^(?:${pattern})$`);

/** `k=v,k2=v2` equality selectors only. */
function labelSelectorMatches(selector: string, labels: Record<string, string>, where: string): boolean {
  return selector.split(',').every((term) => {
    const match = /^\s*([A-Za-z0-9./_-]+)\s*=\s*([A-Za-z0-9._-]*)\s*$/.exec(term);
    if (!match || term.includes('!=') || term.includes('=='))
      throw new KustomizeError(`${where}: label selector '${term}' is not supported (use key=value)`);
    return labels[match[1]!] === match[2];
  });
}

function targetMatches(target: JsonObject, resource: Resource, where: string): boolean {
  onlyKeys(target, ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector'], `${where} target`);
  const fields: Array<[string, string]> = [
    ['group', groupOf(resource.apiVersion)],
    ['version', versionOf(resource.apiVersion)],
    ['kind', resource.kind],
    ['name', resource.metadata.name],
    ['namespace', namespaceOf(resource)],
  ];
  for (const [field, actual] of fields) {
    const wanted = target[field];
    if (wanted === undefined) continue;
    if (typeof wanted !== 'string') throw new KustomizeError(`${where}: target.${field} must be a string`);
    if (!anchored(wanted).test(actual)) return false;
  }
  const selector = target['labelSelector'];
  if (selector === undefined) return true;
  if (typeof selector !== 'string')
    throw new KustomizeError(`${where}: target.labelSelector must be a string`);
  return labelSelectorMatches(selector, stringMap(resource.metadata['labels']), where);
}

function applyPatch(dir: string, entry: JsonObject, resources: Resource[], where: string): void {
  onlyKeys(entry, ['path', 'patch', 'target'], `${where} patch`);
  const { path, patch, target } = entry;
  if ((path === undefined) === (patch === undefined))
    throw new KustomizeError(`${where}: a patch needs exactly one of path and patch`);
  const source = typeof path === 'string' ? fileInRoot(dir, path) : `${where} (inline patch)`;
  const text = typeof path === 'string' ? readFileSync(source, 'utf8') : patch;
  if (typeof text !== 'string') throw new KustomizeError(`${where}: patch must be a string`);
  const documents = parseYamlDocuments(text, source);
  if (documents.length === 0) throw new KustomizeError(`${source}: empty patch`);

  for (const document of documents) {
    if (Array.isArray(document)) throw new KustomizeError(`${source}: JSON 6902 patches are not supported`);
    const patchResource = toResource(document, source);
    if (target !== undefined) {
      if (!isObject(target)) throw new KustomizeError(`${where}: target must be a mapping`);
      const matched = resources.filter((r) => targetMatches(target, r, where));
      if (matched.length === 0)
        throw new KustomizeError(`${where}: patch target ${JSON.stringify(target)} matches nothing`);
      for (const resource of matched) {
        // kustomize gives the patch the target's identity before merging it.
        const body: JsonObject = { ...patchResource, metadata: { ...patchResource.metadata } };
        delete body['apiVersion'];
        delete body['kind'];
        delete (body['metadata'] as JsonObject)['name'];
        delete (body['metadata'] as JsonObject)['namespace'];
        replaceResource(resources, resource, strategicMerge(resource, body, []), source);
      }
    } else {
      const matched = resources.filter(
        (r) =>
          r.apiVersion === patchResource.apiVersion &&
          r.kind === patchResource.kind &&
          r.metadata.name === patchResource.metadata.name &&
          namespaceOf(r) === namespaceOf(patchResource),
      );
      if (matched.length !== 1)
        throw new KustomizeError(
          `${source}: patch for ${resourceId(patchResource)} matches ${matched.length} resources, not 1`,
        );
      replaceResource(resources, matched[0]!, strategicMerge(matched[0], patchResource, []), source);
    }
  }
}

function replaceResource(resources: Resource[], old: Resource, merged: Json, source: string): void {
  const index = resources.indexOf(old);
  const next = toResource(merged, source);
  if (resourceId(next) !== resourceId(old)) throw new KustomizeError(`${source}: a patch may not rename`);
  resources[index] = next;
}

/**
 * The merge key of a list under a path, as the Kubernetes API declares it (patchMergeKey). Lists without
 * one are replaced by the patch, as strategic merge does.
 */
export function mergeKeyFor(path: readonly string[]): string | undefined {
  const field = path[path.length - 1];
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'volumeDevices':
      return 'devicePath';
    case 'topologySpreadConstraints':
      return 'topologyKey';
    case 'hostAliases':
      return 'ip';
    case 'ports':
      // Container ports merge on containerPort, a Service's on port.
      return path.some((p) => p === 'containers' || p === 'initContainers') ? 'containerPort' : 'port';
    default:
      return undefined;
  }
}

/**
 * Strategic merge patch: mappings merge key by key (null deletes a key), lists with a merge key merge item
 * by item (patch order first, then untouched originals), every other list and scalar is replaced. Patch directives ($patch,
 * $retainKeys, $setElementOrder…) are refused.
 */
export function strategicMerge(original: Json | undefined, patch: Json, path: readonly string[]): Json {
  if (isObject(patch)) {
    const result: JsonObject = isObject(original) ? clone(original) : {};
    for (const [key, value] of Object.entries(patch)) {
      if (key.startsWith('$'))
        throw new KustomizeError(`${path.join('.') || '<root>'}: patch directive ${key} is not supported`);
      if (value === null) delete result[key];
      else result[key] = strategicMerge(result[key], value, [...path, key]);
    }
    return result;
  }
  if (Array.isArray(patch)) {
    const key = mergeKeyFor(path);
    if (key === undefined || !Array.isArray(original)) return stripNulls(clone(patch));
    // As kustomize (kyaml) orders them: the patch's items first, merged with their originals, then the
    // original items the patch does not mention.
    const result: Json[] = [];
    for (const item of patch) {
      if (!isObject(item) || item[key] === undefined)
        throw new KustomizeError(`${path.join('.')}: every item of a merged list needs its ${key}`);
      const counterpart = original.find((o) => isObject(o) && o[key] === item[key]);
      result.push(
        counterpart === undefined ? stripNulls(clone(item)) : strategicMerge(counterpart, item, path),
      );
    }
    for (const item of original) {
      if (!patch.some((p) => isObject(p) && isObject(item) && p[key] === item[key])) result.push(clone(item));
    }
    return result;
  }
  return patch;
}

function stripNulls(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (isObject(value)) {
    const result: JsonObject = {};
    for (const [key, entry] of Object.entries(value)) if (entry !== null) result[key] = stripNulls(entry);
    return result;
  }
  return value;
}

// ---- namespace and images ------------------------------------------------------------------------------

function setNamespace(namespace: Json, resources: Resource[], where: string): void {
  if (typeof namespace !== 'string' || namespace === '')
    throw new KustomizeError(`${where}: namespace must be a string`);
  for (const resource of resources) {
    if (!NAMESPACED_KINDS.has(resource.kind))
      throw new KustomizeError(`${where}: this helper does not know whether ${resource.kind} is namespaced`);
    resource.metadata['namespace'] = namespace;
  }
}

/** name[:tag][@digest], the tag being after the last slash. */
export function splitImage(image: string): { name: string; tag?: string; digest?: string } {
  const [rest, digest] = image.split('@', 2) as [string, string | undefined];
  const colon = rest.lastIndexOf(':');
  const hasTag = colon > rest.lastIndexOf('/');
  const result: { name: string; tag?: string; digest?: string } = {
    name: hasTag ? rest.slice(0, colon) : rest,
  };
  if (hasTag) result.tag = rest.slice(colon + 1);
  if (digest !== undefined) result.digest = digest;
  return result;
}

function setImage(entry: JsonObject, resources: Resource[], where: string): void {
  onlyKeys(entry, ['name', 'newName', 'newTag', 'digest'], `${where} images`);
  const { name, newName, newTag, digest } = entry;
  if (typeof name !== 'string') throw new KustomizeError(`${where}: images entries need a name`);
  if (newTag !== undefined && digest !== undefined)
    throw new KustomizeError(`${where}: images ${name}: newTag together with digest is not supported`);
  for (const value of [newName, newTag, digest]) {
    if (value !== undefined && typeof value !== 'string')
      throw new KustomizeError(`${where}: images ${name}: newName, newTag and digest must be strings`);
  }
  for (const resource of resources) {
    const spec = resource['spec'];
    const template = isObject(spec) ? spec['template'] : undefined;
    const podSpec = isObject(template) ? template['spec'] : undefined;
    if (!isObject(podSpec)) continue;
    for (const field of ['initContainers', 'containers']) {
      const containers = podSpec[field];
      if (!Array.isArray(containers)) continue;
      for (const container of containers) {
        if (!isObject(container) || typeof container['image'] !== 'string') continue;
        const image = splitImage(container['image']);
        if (image.name !== name) continue;
        let reference: string;
        if (typeof digest === 'string') reference = `@${digest}`;
        else if (typeof newTag === 'string') reference = `:${newTag}`;
        else
          reference = `${image.tag === undefined ? '' : `:${image.tag}`}${image.digest === undefined ? '' : `@${image.digest}`}`;
        container['image'] = `${typeof newName === 'string' ? newName : image.name}${reference}`;
      }
    }
  }
}
