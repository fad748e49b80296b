import { parseImageRef, toKebabCase } from '@auto-promote/domain';

const IMAGE_LINE = /^(\s*(?:-\s+)?image:\s*)(["']?)([^"'\s#]+)\2(\s*(?:#.*)?)$/;

function sameApp(imageName: string, app: string): boolean {
  return imageName.toLowerCase() === app.toLowerCase() || imageName.toLowerCase() === toKebabCase(app);
}

/**
 * Sets the tag of the app's own image in a manifest, leaving other containers (sidecars) alone.
 * Works line by line so comments and formatting survive, as a careful human edit would.
 */
export function retagManifest(yaml: string, app: string, tag: string): string {
  return yaml
    .split('\n')
    .map((line) => {
      const match = IMAGE_LINE.exec(line);
      if (!match) return line;
      const [, lead, quote, reference, tail] = match as unknown as [string, string, string, string, string];
      const image = parseImageRef(reference);
      if (!image || !sameApp(image.name, app)) return line;
      const base = image.registry ? `${image.registry}/${image.repository}` : image.repository;
      return `${lead}${quote}${base}:${tag}${quote}${tail}`;
    })
    .join('\n');
}
