import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import type { Json, JsonObject } from './json';
import { describeErrors } from './k8s-schemas';

const require = createRequire(import.meta.url);

/**
 * The Compose Specification's JSON schema (compose-spec/compose-spec schema/compose-spec.json) as the npm
 * package dclint ships it in schemas/compose.schema.json; dclint is a devDependency for this file only.
 */
export const COMPOSE_SCHEMA_PATH = join(
  dirname(require.resolve('dclint/package.json')),
  'schemas',
  'compose.schema.json',
);

export function composeSchema(): JsonObject {
  return JSON.parse(readFileSync(COMPOSE_SCHEMA_PATH, 'utf8')) as JsonObject;
}

/** Validates a compose document (merge keys resolved, as Compose resolves them before validating). */
export function composeValidator(): (document: Json) => string[] {
  const schema = composeSchema();
  // The file declares draft-07 as "https://json-schema.org/draft-07/schema"; Ajv registers draft-07 under
  // its canonical http:// id, so drop the declaration and let Ajv use its draft-07 default.
  delete schema['$schema'];
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  return (document) => (validate(document) ? [] : describeErrors(validate.errors ?? []));
}
