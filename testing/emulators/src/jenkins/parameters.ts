import type { ParameterSpec, ParameterType, Params } from './types';

/** One parameter value attached to a queue item or build (Jenkins' ParameterValue). */
export interface ParamValue {
  name: string;
  type: ParameterType;
  value: string;
}

/** A request Jenkins would reject with an IllegalArgumentException (HTTP 500). */
export class ParameterError extends Error {}

export function defaultValueOf(spec: ParameterSpec): string {
  if (spec.type === 'choice') return spec.choices?.[0] ?? '';
  if (spec.type === 'boolean') return String(spec.default === 'true');
  return spec.default ?? '';
}

export function validateSpecs(specs: ParameterSpec[]): void {
  const seen = new Set<string>();
  for (const spec of specs) {
    if (!spec.name) throw new Error('parameter without a name');
    if (seen.has(spec.name)) throw new Error(`duplicate parameter ${spec.name}`);
    seen.add(spec.name);
    if (spec.type === 'choice' && (spec.choices ?? []).length === 0) {
      throw new Error(`choice parameter ${spec.name} needs choices`);
    }
  }
}

/**
 * Values for the declared parameters only, as ParametersDefinitionProperty.buildWithParameters does:
 * undeclared names are ignored, missing ones take their default.
 */
export function resolveParameters(
  specs: readonly ParameterSpec[],
  lookup: (name: string) => readonly string[] | undefined,
): ParamValue[] {
  return specs.map((spec) => {
    const given = lookup(spec.name);
    if (given === undefined || given.length === 0) {
      return { name: spec.name, type: spec.type, value: defaultValueOf(spec) };
    }
    const [raw] = given;
    if (given.length !== 1 || raw === undefined) {
      throw new ParameterError(`Illegal number of parameter values for ${spec.name}: ${given.length}`);
    }
    return { name: spec.name, type: spec.type, value: coerce(spec, raw) };
  });
}

function coerce(spec: ParameterSpec, raw: string): string {
  // Boolean.parseBoolean: anything but a case-insensitive "true" is false.
  if (spec.type === 'boolean') return String(raw.toLowerCase() === 'true');
  if (spec.type === 'choice' && !(spec.choices ?? []).includes(raw)) {
    throw new ParameterError(`Illegal choice for parameter ${spec.name}: ${raw}`);
  }
  return raw;
}

/** Values given programmatically (`Params`), defaults applied, undeclared dropped. */
export function resolveFromRecord(specs: readonly ParameterSpec[], given: Params): ParamValue[] {
  return resolveParameters(specs, (name) => {
    const value = given[name];
    return value === undefined ? undefined : [value];
  });
}

export function toRecord(values: readonly ParamValue[] | null): Params {
  const out: Params = {};
  for (const v of values ?? []) out[v.name] = v.value;
  return out;
}

/** Queue.Item#getParams: each value's short description on its own line. */
export function paramsText(values: readonly ParamValue[] | null): string {
  return (values ?? []).map((v) => `\n${v.name}=${v.value}`).join('');
}

/** ParametersAction.shouldSchedule is false (so the items merge) only for equal value sets. */
export function sameParameters(a: readonly ParamValue[] | null, b: readonly ParamValue[] | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length) return false;
  const key = (v: ParamValue): string => `${v.name}\u0000${v.value}`;
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.every((k, i) => k === right[i]);
}
