import avro, { type Type } from 'avsc';
import { TimestampMillisType } from './timestamp-millis.ts';

const { ArrayType, MapType, RecordType, UnwrappedUnionType } = avro.types;

/** A value that does not fit its schema; the message names the path. */
export class AvroValueError extends Error {
  override name = 'AvroValueError';
}

type Leaf = (value: unknown, path: string) => unknown;

/**
 * Plain value (the project's model: ISO-8601 timestamps, plain objects) -> the value avsc encodes
 * (Date at every timestamp-millis). A key the schema does not declare is an error, not silently
 * dropped: it means the TypeScript shape and the .avsc file have drifted apart.
 */
export function toAvroValue(type: Type, plain: unknown): unknown {
  return walk(type, plain, '', toDate, true);
}

/** avsc's decoded value -> plain value: Dates back to ISO strings, records to plain objects. */
export function fromAvroValue(type: Type, value: unknown): unknown {
  return walk(type, value, '', toIso, false);
}

function toDate(value: unknown, path: string): Date {
  const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : value;
  if (date instanceof Date && !Number.isNaN(date.getTime())) return date;
  throw new AvroValueError(`${path || '(root)'}: not a timestamp: ${JSON.stringify(value)}`);
}

function toIso(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

function walk(type: Type, value: unknown, path: string, leaf: Leaf, strict: boolean): unknown {
  if (value === null || value === undefined) return value;
  if (type instanceof TimestampMillisType) return leaf(value, path);
  if (type instanceof RecordType && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const f of type.fields) out[f.name] = walk(f.type, obj[f.name], `${path}.${f.name}`, leaf, strict);
    const undeclared = strict
      ? Object.keys(obj).find((key) => !type.fields.some((f) => f.name === key))
      : undefined;
    if (undeclared !== undefined)
      throw new AvroValueError(`${path}.${undeclared}: not a field of ${type.name}`);
    return out;
  }
  if (type instanceof ArrayType && Array.isArray(value)) {
    return value.map((item, i) => walk(type.itemsType, item, `${path}[${i}]`, leaf, strict));
  }
  if (type instanceof MapType && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return Object.fromEntries(
      entries.map(([k, v]) => [k, walk(type.valuesType, v, `${path}.${k}`, leaf, strict)]),
    );
  }
  if (type instanceof UnwrappedUnionType) return walk(branchOf(type.types, value), value, path, leaf, strict);
  return value; // a primitive or enum: the same in both forms
}

/** The union branch a non-null value belongs to: the only one, or the first that accepts it. */
function branchOf(branches: Type[], value: unknown): Type {
  const candidates = branches.filter((b) => b.typeName !== 'null');
  if (candidates.length === 1) return candidates[0] as Type;
  const convertible = (b: Type): boolean => {
    try {
      return b.isValid(value) || b.isValid(toAvroValue(b, value));
    } catch {
      return false;
    }
  };
  return candidates.find(convertible) ?? (candidates[0] as Type);
}
