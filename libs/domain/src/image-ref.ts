/** A parsed container image reference such as `registry.example.com:5000/team/app:1.0@sha256:…`. */
export interface ImageRef {
  /** Host and optional port, when the reference names one (`registry.example.com:5000`, `localhost`). */
  registry?: string;
  /** The path without the registry (`team/example-app`). */
  repository: string;
  /** The last path segment of the repository (`example-app`). */
  name: string;
  tag?: string;
  digest?: string;
}

const MAX_REF_LENGTH = 4096;
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}$/;
// Lenient about case: manifests in the wild use uppercase in repositories even though registries refuse it.
const COMPONENT_RE = /^[A-Za-z0-9]+(?:[._-]+[A-Za-z0-9]+)*$/;
const REGISTRY_RE = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::[0-9]{1,5})?$/;

/** Docker's rule: the first component is a registry when it has a `.` or `:`, is `localhost`, or has uppercase. */
function looksLikeRegistry(component: string): boolean {
  return /[.:]/.test(component) || component === 'localhost' || component !== component.toLowerCase();
}

/**
 * Parses an image reference following Docker's grammar: a registry port is not a tag (`localhost:5000/app`
 * has no tag), no default `latest` is invented. Returns null for anything that is not an image reference.
 */
export function parseImageRef(ref: string): ImageRef | null {
  const s = ref.trim();
  if (s === '' || s.length > MAX_REF_LENGTH || /\s/.test(s)) return null;

  let rest = s;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) return null;
  }

  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) return null;
  }

  const components = rest.split('/');
  let registry: string | undefined;
  if (components.length > 1 && looksLikeRegistry(components[0] as string)) {
    registry = components.shift();
    if (registry === undefined || !REGISTRY_RE.test(registry)) return null;
  }
  if (!components.every((c) => COMPONENT_RE.test(c))) return null;
  const name = components[components.length - 1];
  if (name === undefined) return null;

  return {
    ...(registry !== undefined && { registry }),
    repository: components.join('/'),
    name,
    ...(tag !== undefined && { tag }),
    ...(digest !== undefined && { digest }),
  };
}

/**
 * Why `tag` is not something IMAGE_TAG can be (an image tag, or a digest for an image without one), or
 * null when it is: what a block by tag may name.
 */
export function imageTagProblem(tag: string): string | null {
  if (tag.length === 0) return 'is empty';
  if (TAG_RE.test(tag) || DIGEST_RE.test(tag)) return null;
  return 'is not an image tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}) or digest (sha256:<hex>)';
}
