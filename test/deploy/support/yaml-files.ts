import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { Json } from './json';

/**
 * Every document of a YAML stream, as JSON values. Merge keys (`<<: *anchor`) are resolved as Compose and
 * kubectl resolve them; empty documents are dropped; any YAML error or warning throws.
 */
export function parseYamlDocuments(text: string, source = '<inline>'): Json[] {
  const documents = parseAllDocuments(text, { merge: true, uniqueKeys: true, prettyErrors: true });
  const result: Json[] = [];
  for (const document of documents) {
    const problems = [...document.errors, ...document.warnings];
    if (problems.length > 0) throw new Error(`${source}: ${problems.map((p) => p.message).join('; ')}`);
    const value = document.toJS({ maxAliasCount: 100 }) as Json | undefined;
    if (value !== null && value !== undefined) result.push(value);
  }
  return result;
}

export function readYamlDocuments(path: string): Json[] {
  return parseYamlDocuments(readFileSync(path, 'utf8'), path);
}

/** A file holding exactly one YAML document. */
export function readYamlDocument(path: string): Json {
  const documents = readYamlDocuments(path);
  if (documents.length !== 1)
    throw new Error(`${path}: expected one YAML document, found ${documents.length}`);
  return documents[0] as Json;
}
