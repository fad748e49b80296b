import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { isObject, text, type Json, type JsonObject } from './json';

/**
 * The Kubernetes API's JSON schemas as the npm packages kubernetes-models (API groups) and
 * @kubernetes-models/apimachinery (ObjectMeta, Quantity, IntOrString…) ship them: one module per definition
 * under _schemas/, holding the definition's JSON schema (generated from Kubernetes' OpenAPI document, here
 * Kubernetes 1.27's) and registering it under its definition id.
 *
 * The schemas are read as data (the JSON literal of each module) and compiled with our own Ajv, in the
 * "strict" flavour kubeconform and kubectl use: an object with declared properties accepts no others, so
 * a misspelt or misplaced field fails instead of being ignored by the API server.
 */

const require = createRequire(import.meta.url);
const SCHEMA_MODULE =
  /^import \{ register \} from "@kubernetes-models\/validate";\n(?:import \{ addSchema as \w+ \} from "[^"]+";\n)*const schema = (\{\}|\{\n[\s\S]*?\n\});\nexport function addSchema\(\) \{\n(?: {4}\w+\(\);\n)* {4}register\("([^"]+)", schema\);\n\}\n?$/;

export const SCHEMA_PACKAGES = ['kubernetes-models', '@kubernetes-models/apimachinery'] as const;

function packageDir(name: string): string {
  return dirname(require.resolve(name));
}

export function packageVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/** Every definition of both packages: id → JSON schema. */
export function loadDefinitions(): Map<string, JsonObject> {
  const definitions = new Map<string, JsonObject>();
  for (const name of SCHEMA_PACKAGES) {
    const dir = join(packageDir(name), '_schemas');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.mjs'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      const match = SCHEMA_MODULE.exec(text);
      if (!match) throw new Error(`${name}/_schemas/${file} does not have the expected layout`);
      const schema = JSON.parse(match[1]!) as Json;
      if (!isObject(schema)) throw new Error(`${file}: the schema is not an object`);
      definitions.set(match[2]!, schema);
    }
  }
  return definitions;
}

/** openapi2jsonschema --strict: objects with declared properties allow no others. */
export function strict(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!isObject(schema)) return schema;
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    // Property names are data, not schemas: keep them, make their schemas strict.
    result[key] =
      key === 'properties' && isObject(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strict(v)]))
        : strict(value);
  }
  if (isObject(result['properties']) && result['additionalProperties'] === undefined)
    result['additionalProperties'] = false;
  return result;
}

// k8s.io/apimachinery/pkg/api/resource: a signed number with an optional binary, decimal or exponent suffix.
const QUANTITY =
  /^[+-]?(?:\d+|\d+\.\d+|\d+\.|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?(?:\d+|\d+\.\d+|\d+\.|\.\d+))?$/;

export interface KubernetesValidator {
  /** Schema id for an apiVersion and kind, from each schema's own apiVersion/kind enums. */
  idFor(apiVersion: string, kind: string): string | undefined;
  /** Problems of one object ("" when valid). */
  validate(object: Json): string[];
}

export function kubernetesValidator(): KubernetesValidator {
  const definitions = loadDefinitions();
  const ajv = new Ajv({ allErrors: true, strictTypes: false, strictTuples: false });
  addFormats(ajv, ['date-time', 'byte', 'int32', 'int64', 'double']);
  ajv.addFormat('quantity', { type: 'string', validate: QUANTITY });

  const byKind = new Map<string, string>();
  for (const [id, schema] of definitions) {
    ajv.addSchema(strict(schema) as JsonObject, id);
    const properties = schema['properties'];
    if (!isObject(properties)) continue;
    const versions = isObject(properties['apiVersion']) ? properties['apiVersion']['enum'] : undefined;
    const kinds = isObject(properties['kind']) ? properties['kind']['enum'] : undefined;
    if (!Array.isArray(versions) || !Array.isArray(kinds)) continue;
    for (const version of versions)
      for (const kind of kinds) byKind.set(`${text(version)} ${text(kind)}`, id);
  }
  const compiled = new Map<string, ValidateFunction>();

  const idFor = (apiVersion: string, kind: string): string | undefined => byKind.get(`${apiVersion} ${kind}`);
  return {
    idFor,
    validate(object: Json): string[] {
      if (!isObject(object)) return ['not an object'];
      const { apiVersion, kind } = object;
      const id =
        typeof apiVersion === 'string' && typeof kind === 'string' ? idFor(apiVersion, kind) : undefined;
      if (id === undefined) return [`no schema for apiVersion ${text(apiVersion)} kind ${text(kind)}`];
      let validate = compiled.get(id);
      if (!validate) {
        validate = ajv.getSchema(id);
        if (!validate) return [`schema ${id} did not compile`];
        compiled.set(id, validate);
      }
      return validate(object) ? [] : describeErrors(validate.errors ?? []);
    },
  };
}

/**
 * Ajv's errors, without the noise of the generated `oneOf: [{$ref}, {type: null}]` wrappers: for a wrong
 * value the useful error is the one inside the $ref.
 */
export function describeErrors(errors: readonly ErrorObject[]): string[] {
  const messages = errors
    .filter((e) => !(e.keyword === 'oneOf') && !(e.keyword === 'type' && e.params['type'] === 'null'))
    .map((e) => {
      const extra =
        e.keyword === 'additionalProperties'
          ? ` '${String(e.params['additionalProperty'])}'`
          : e.keyword === 'enum'
            ? ` ${JSON.stringify(e.params['allowedValues'])}`
            : '';
      return `${e.instancePath || '/'} ${e.message ?? e.keyword}${extra}`;
    });
  return [...new Set(messages.length > 0 ? messages : errors.map((e) => `${e.instancePath} ${e.message}`))];
}
