import { reject, wrongType } from './rejection.ts';

export type JsonObject = Readonly<Record<string, unknown>>;

/** A value read from the profile, with the path that names it in reasons ("biometricInfo[2].attempts"). */
export interface Field {
  readonly path: string;
  readonly value: unknown;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function childPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

/**
 * The first of `names` holding a value (canonical/spec name first, then the variants services write),
 * so every spelling of a field lands in one canonical field.
 */
export function field(obj: JsonObject, base: string, ...names: [string, ...string[]]): Field {
  for (const name of names) {
    const value = obj[name];
    if (value !== undefined && value !== null) return { path: childPath(base, name), value };
  }
  return { path: childPath(base, names[0]), value: null };
}

/** More elements than this in one list is not a profile a service wrote. */
export const maxElements = 100;

/** The elements of an array field, each with its own path; null when absent. */
export function elements(f: Field, max: number = maxElements): Field[] | null {
  if (f.value === null || f.value === undefined) return null;
  if (!Array.isArray(f.value)) return wrongType(f, 'an array');
  if (f.value.length > max) reject(f.path, `${f.value.length} elements, more than ${max}`, 'too-many');
  return f.value.map((value: unknown, i) => ({ path: childPath(f.path, i), value }));
}

/** An object field; null when absent. */
export function object(f: Field): JsonObject | null {
  if (f.value === null || f.value === undefined) return null;
  if (!isObject(f.value)) return wrongType(f, 'an object');
  return f.value;
}

/** A list element that must be an object (a biometric, an exception). */
export function entry(f: Field): JsonObject {
  return object(f) ?? reject(f.path, 'expected an object, got null', 'wrong-type');
}
