/** JSON values as YAML and JSON files hold them. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function clone<T extends Json>(value: T): T {
  return structuredClone(value);
}

/** Follows a path of keys and indexes; undefined when any step is missing. */
export function at(value: Json | undefined, ...path: Array<string | number>): Json | undefined {
  let current: Json | undefined = value;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (!isObject(current)) return undefined;
      current = current[step];
    }
  }
  return current;
}

export function asArray(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

export function asObjects(value: Json | undefined): JsonObject[] {
  return asArray(value).filter(isObject);
}

export function asString(value: Json | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A string map (labels, ConfigMap data…); non-string values are an error. */
export function stringMap(value: Json | undefined): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new Error(`expected a map of strings, got ${JSON.stringify(value)}`);
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw new Error(`${key}: expected a string, got ${JSON.stringify(entry)}`);
    result[key] = entry;
  }
  return result;
}

/** A value as text for a message or a comparison: scalars as they read, lists and maps as JSON. */
export function text(value: Json | undefined): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === undefined ? 'undefined' : JSON.stringify(value);
}
