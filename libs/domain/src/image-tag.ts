import { parseAllDocuments } from 'yaml';
import { toKebabCase } from './app-name';
import { parseImageRef, type ImageRef } from './image-ref';

/** One manifest file of an app at the pushed commit. */
export interface ManifestFile {
  path: string;
  content: string;
}

/** The image chosen for an app and the tag sent as IMAGE_TAG (the digest when the image has no tag). */
export interface ImageTag {
  tag: string;
  image: string;
}

interface Candidate {
  image: string;
  ref: ImageRef;
}

interface Collected {
  containers: Candidate[];
  initContainers: Candidate[];
  /** Any other `image:` string, used only when no container lists were found. */
  loose: Candidate[];
}

const MANIFEST_EXT_RE = /\.(?:ya?ml|json)$/i;
// Far deeper than any Kubernetes object; stops pathological documents.
const MAX_DEPTH = 64;

function add(list: Candidate[], value: unknown): void {
  if (typeof value !== 'string') return;
  const ref = parseImageRef(value);
  if (ref) list.push({ image: value.trim(), ref });
}

function collect(node: unknown, into: Collected, depth: number, seen: Set<object>): void {
  if (typeof node !== 'object' || node === null || depth > MAX_DEPTH || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const item of node) collect(item, into, depth + 1, seen);
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'containers' || key === 'initContainers') && Array.isArray(value)) {
      const list = key === 'containers' ? into.containers : into.initContainers;
      for (const container of value) {
        if (typeof container === 'object' && container !== null)
          add(list, (container as { image?: unknown }).image);
      }
    } else if (key === 'image') {
      add(into.loose, value);
    }
    collect(value, into, depth + 1, seen);
  }
}

/** Parses every document of a file, skipping documents that do not parse instead of failing the file. */
function documents(content: string): unknown[] {
  const out: unknown[] = [];
  for (const doc of parseAllDocuments(content, { uniqueKeys: false })) {
    if (!('errors' in doc) || doc.errors.length > 0) continue;
    try {
      out.push(doc.toJS({ maxAliasCount: 100 }));
    } catch {
      // alias bombs and other unconvertible documents are skipped like syntax errors
    }
  }
  return out;
}

function matchesApp(ref: ImageRef, app: string): boolean {
  return ref.name.toLowerCase() === app.toLowerCase() || toKebabCase(ref.name) === toKebabCase(app);
}

/**
 * The image tag of `app` in its manifests: collects every container / initContainer image of any workload
 * (CronJob job templates included; any other `image:` string only as a fallback), prefers the image whose
 * name equals the app (case-insensitive, or equal in kebab-case: dir `exampleApp` ↔ image `example-app`),
 * else takes the first container image. Only `.yaml`, `.yml` and `.json` files are read; broken documents are
 * skipped. Null when no image is found or the chosen image has neither tag nor digest. Never throws.
 */
export function extractImageTag(manifests: readonly ManifestFile[], app: string): ImageTag | null {
  try {
    const collected: Collected = { containers: [], initContainers: [], loose: [] };
    for (const file of manifests) {
      if (!MANIFEST_EXT_RE.test(file.path)) continue;
      for (const doc of documents(file.content)) collect(doc, collected, 0, new Set());
    }
    const preferred = [...collected.containers, ...collected.initContainers];
    const candidates = preferred.length > 0 ? preferred : collected.loose;
    const chosen = candidates.find((c) => matchesApp(c.ref, app)) ?? candidates[0];
    const tag = chosen?.ref.tag ?? chosen?.ref.digest;
    return chosen && tag ? { tag, image: chosen.image } : null;
  } catch {
    return null;
  }
}
